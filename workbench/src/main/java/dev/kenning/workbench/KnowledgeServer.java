package dev.kenning.workbench;

import dev.kenning.core.InputError;
import dev.kenning.kg.KnowledgeBase;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletResponse;
import org.apache.jena.fuseki.main.FusekiServer;

import java.io.IOException;
import java.util.Locale;
import java.util.Set;

/**
 * A workspace store shared over SPARQL with Apache Jena Fuseki, on the loopback interface only
 * (sharing beyond the machine is a deployment decision, not a default), answering requests
 * addressed to the loopback name only, with SPARQL's SERVICE off unless allowed
 * ({@link KnowledgeStore#allowFederatedQueries}). Read-only: teammates
 * query it, and the workbench derives constraints through it with
 * {@code KnowledgeBase.remote(endpoint())}; changes go through {@code kenning kg} on the host.
 * Started by {@link KnowledgeStore#serve}.
 */
public final class KnowledgeServer implements AutoCloseable {

    /** The dataset's path on the server: the endpoint is {@code http://127.0.0.1:PORT/kenning}. */
    public static final String PATH = "/kenning";

    private final FusekiServer server;

    private KnowledgeServer(FusekiServer server) {
        this.server = server;
    }

    /**
     * Starts serving; returns once the server accepts queries.
     *
     * @param port the port, or 0 for any free one
     * @throws InputError if the port is taken or out of range
     */
    static KnowledgeServer start(KnowledgeBase kb, int port) {
        if (port < 0 || port > 65535) {
            throw new InputError("--port", "must be 0..65535, got " + port);
        }
        try {
            FusekiServer server = FusekiServer.create()
                    .loopback(true)
                    .port(port)
                    .add(PATH, kb.dataset(), false)
                    .addFilter("/*", new LoopbackHostOnly())
                    .build()
                    .start();
            return new KnowledgeServer(server);
        } catch (InputError e) {
            throw e;
        } catch (RuntimeException e) {
            throw new InputError("--port " + port, "cannot serve: " + e.getMessage(), e);
        }
    }

    /**
     * Refuses requests whose Host header names anything but the loopback address: a web page
     * the user visits could otherwise reach the server through a name that resolves to
     * 127.0.0.1 (DNS rebinding), since binding to loopback alone does not stop that.
     */
    static final class LoopbackHostOnly implements Filter {
        private static final Set<String> HOSTS = Set.of("127.0.0.1", "localhost", "[::1]", "::1");

        @Override
        public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
                throws IOException, ServletException {
            String host = request.getServerName();
            if (host != null && HOSTS.contains(host.toLowerCase(Locale.ROOT))) {
                chain.doFilter(request, response);
                return;
            }
            ((HttpServletResponse) response).sendError(HttpServletResponse.SC_FORBIDDEN,
                    "this SPARQL server answers requests addressed to 127.0.0.1 or localhost only, not '" + host + "'");
        }
    }

    /** The SPARQL endpoint to give {@link Workbench#openEndpoint} (or {@code knowledge.endpoint} in a spec). */
    public String endpoint() {
        return "http://127.0.0.1:" + server.getHttpPort() + PATH;
    }

    /** Blocks until the server stops (Ctrl-C on the command line). */
    public void join() {
        server.join();
    }

    @Override
    public void close() {
        server.stop();
    }
}
