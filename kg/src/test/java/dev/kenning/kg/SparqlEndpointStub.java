package dev.kenning.kg;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.apache.jena.query.Dataset;
import org.apache.jena.query.DatasetFactory;
import org.apache.jena.query.Query;
import org.apache.jena.query.QueryExecution;
import org.apache.jena.query.QueryFactory;
import org.apache.jena.query.ResultSetFormatter;
import org.apache.jena.riot.RDFDataMgr;
import org.apache.jena.riot.RDFFormat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

/**
 * The SPARQL protocol's query operation over an in-memory dataset, on a free loopback port:
 * enough to test {@link RemoteKnowledgeBase} without a Fuseki server in the kg module.
 */
final class SparqlEndpointStub implements AutoCloseable {

    private final HttpServer server;
    private final Dataset dataset;

    SparqlEndpointStub(Dataset dataset) throws IOException {
        this.dataset = dataset;
        this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/sparql", this::answer);
        server.start();
    }

    static SparqlEndpointStub serving(String trig) throws IOException {
        Dataset ds = DatasetFactory.create();
        RDFDataMgr.read(ds, new java.io.ByteArrayInputStream(trig.getBytes(StandardCharsets.UTF_8)),
                org.apache.jena.riot.Lang.TRIG);
        return new SparqlEndpointStub(ds);
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/sparql";
    }

    private void answer(HttpExchange exchange) throws IOException {
        String params = "GET".equals(exchange.getRequestMethod())
                ? exchange.getRequestURI().getRawQuery()
                : new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        String text = null;
        for (String pair : params.split("&")) {
            if (pair.startsWith("query=")) {
                text = URLDecoder.decode(pair.substring(6), StandardCharsets.UTF_8);
            }
        }
        Query query = QueryFactory.create(text);
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        String type;
        try (QueryExecution exec = QueryExecution.create(query, dataset)) {
            if (query.isSelectType()) {
                ResultSetFormatter.outputAsJSON(body, exec.execSelect());
                type = "application/sparql-results+json";
            } else if (query.isAskType()) {
                ResultSetFormatter.outputAsJSON(body, exec.execAsk());
                type = "application/sparql-results+json";
            } else {
                RDFDataMgr.write(body, exec.execConstruct(), RDFFormat.NTRIPLES);
                type = "application/n-triples";
            }
        }
        exchange.getResponseHeaders().add("Content-Type", type);
        exchange.sendResponseHeaders(200, body.size());
        try (OutputStream out = exchange.getResponseBody()) {
            body.writeTo(out);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
