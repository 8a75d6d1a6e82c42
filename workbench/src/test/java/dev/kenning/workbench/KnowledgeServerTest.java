package dev.kenning.workbench;

import dev.kenning.core.ConstraintSpec;
import dev.kenning.kg.KnowledgeBase;
import dev.kenning.rules.RuleBook;
import dev.kenning.rules.facts.GraphFacts;
import dev.kenning.workbench.cli.Kenning;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The Fuseki round trip: a workspace served on a free port, and constraints derived through it. */
class KnowledgeServerTest {

    static final Path PHYSICS = Path.of("../kg/ontology/physics.ttl");
    static final Path SCENE = Path.of("../experiments/free-fall-scene.ttl");
    static final Path PACK = Path.of("../rules/packs/physics.drl");

    @TempDir
    Path dir;

    /** A port that counts the connections made to it. */
    private static final class Listener implements AutoCloseable {
        final ServerSocket socket;
        final java.util.concurrent.atomic.AtomicInteger connections = new java.util.concurrent.atomic.AtomicInteger();
        final Thread accepting;

        Listener() throws java.io.IOException {
            socket = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress());
            accepting = new Thread(() -> {
                while (!socket.isClosed()) {
                    try (java.net.Socket s = socket.accept()) {
                        connections.incrementAndGet();
                    } catch (java.io.IOException e) {
                        return;
                    }
                }
            });
            accepting.setDaemon(true);
            accepting.start();
        }

        @Override
        public void close() throws java.io.IOException {
            socket.close();
        }
    }

    @Test
    void serviceInAQueryMakesNoRequestFromTheStoreOrTheServer() throws Exception {
        try (KnowledgeBase workspace = KnowledgeBase.openWorkspace(dir.resolve("ws"));
             Listener target = new Listener()) {
            workspace.load(SCENE);
            String federated = "SELECT * WHERE { SERVICE <http://127.0.0.1:" + target.socket.getLocalPort()
                    + "/sparql> { ?s ?p ?o } }";
            assertThrows(RuntimeException.class, () -> workspace.select(federated), "the store itself refuses SERVICE");
            try (KnowledgeServer server = KnowledgeServer.start(workspace, freePort())) {
                assertThrows(RuntimeException.class, () -> KnowledgeBase.remote(server.endpoint()).select(federated),
                        "the served store refuses SERVICE");
            }
            Thread.sleep(200);
            assertEquals(0, target.connections.get(), "no request reached the port the query named");
        }
    }

    @Test
    void aRequestAddressedToAnotherHostIsRefused() throws Exception {
        try (KnowledgeBase workspace = KnowledgeBase.openWorkspace(dir.resolve("ws"));
             KnowledgeServer server = KnowledgeServer.start(workspace, freePort())) {
            int port = Integer.parseInt(server.endpoint().replaceAll(".*:(\\d+)/.*", "$1"));
            assertTrue(statusLine(port, "evil.example").contains(" 403 "), "DNS rebinding: refused");
            assertTrue(statusLine(port, "127.0.0.1:" + port).contains(" 200 "), "the loopback name: answered");
            assertTrue(statusLine(port, "localhost:" + port).contains(" 200 "));
        }
    }

    /** The status line of a raw HTTP request with the given Host header (HttpClient will not send a foreign one). */
    private static String statusLine(int port, String host) throws java.io.IOException {
        try (java.net.Socket s = new java.net.Socket(java.net.InetAddress.getLoopbackAddress(), port)) {
            s.getOutputStream().write(("GET " + KnowledgeServer.PATH + "?query=ASK%7B%7D HTTP/1.1\r\nHost: " + host
                    + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            return new java.io.BufferedReader(new java.io.InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII))
                    .readLine();
        }
    }

    @Test
    void constraintsDerivedThroughTheServerMatchThoseDerivedLocally() throws Exception {
        try (KnowledgeBase workspace = KnowledgeBase.openWorkspace(dir.resolve("ws"))) {
            workspace.load(PHYSICS);
            workspace.load(SCENE);
            RuleBook physics = RuleBook.compile(List.of(PACK));
            List<ConstraintSpec> local = physics.derive(GraphFacts.extract(workspace));

            try (KnowledgeServer server = KnowledgeServer.start(workspace, freePort())) {
                KnowledgeBase remote = KnowledgeBase.remote(server.endpoint());
                List<ConstraintSpec> served = physics.derive(GraphFacts.extract(remote));

                assertFalse(local.isEmpty());
                // Same kinds, bindings, parameters and provenance, prefixed names included.
                assertEquals(local, served);
                assertTrue(served.get(0).provenance().triples().stream()
                        .anyMatch(t -> t.subject().equals("ex:thrownObject")), served.get(0).toString());
                // The server's default graph is the union of the imported files' graphs.
                List<Map<String, String>> rates = remote.select("""
                        PREFIX k: <https://kenning.dev/ns#>
                        SELECT ?rate WHERE { ?o k:frameRate ?rate }""");
                assertEquals(1, rates.size(), rates.toString());
                assertEquals(15.0, Double.parseDouble(rates.get(0).get("rate")));
                assertEquals(workspace.size(), remote.size());
            }
        }
    }

    @Test
    void anExperimentTakesItsKnowledgeFromTheServer() throws Exception {
        Path spec = Path.of("../experiments/free-fall.yaml");
        try (KnowledgeBase workspace = KnowledgeBase.openWorkspace(dir.resolve("ws"))) {
            workspace.load(PHYSICS);
            workspace.load(SCENE);
            try (KnowledgeServer server = KnowledgeServer.start(workspace, freePort())) {
                ByteArrayOutputStream local = new ByteArrayOutputStream();
                ByteArrayOutputStream served = new ByteArrayOutputStream();
                PrintStream quiet = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
                assertEquals(0, Kenning.execute(new String[]{"constraints", spec.toString()},
                        new PrintStream(local, true, StandardCharsets.UTF_8), quiet));
                assertEquals(0, Kenning.execute(new String[]{"constraints", spec.toString(), "--kg", server.endpoint()},
                        new PrintStream(served, true, StandardCharsets.UTF_8), quiet));
                String text = served.toString(StandardCharsets.UTF_8);
                assertTrue(text.contains("g = 9.81 m/s^2"), text);
                // Same constraints, parameters and provenance; only the triple count line may differ.
                assertEquals(local.toString(StandardCharsets.UTF_8).lines().skip(1).toList(), text.lines().skip(1).toList());
            }
        }
    }

    @Test
    void theCommandLineDerivesThroughAnEndpoint() throws Exception {
        try (KnowledgeBase workspace = KnowledgeBase.openWorkspace(dir.resolve("ws"))) {
            workspace.load(PHYSICS);
            workspace.load(SCENE);
            try (KnowledgeServer server = KnowledgeServer.start(workspace, 0)) {
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                int code = Kenning.execute(new String[]{"rules", "check", PACK.toString(), "--derive",
                        "--endpoint", server.endpoint()}, new PrintStream(out, true, StandardCharsets.UTF_8),
                        new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
                String text = out.toString(StandardCharsets.UTF_8);

                assertEquals(0, code, text);
                assertTrue(text.contains("of SPARQL endpoint " + server.endpoint()), text);
                assertTrue(text.contains("free-fall"), text);
                assertTrue(text.contains("because:  ex:thrownObject k:frameRate 15.0"), text);
            }
        }
    }

    @Test
    void theServedStoreCannotBeChangedOverHttp() throws Exception {
        try (KnowledgeBase workspace = KnowledgeBase.openWorkspace(dir.resolve("ws"));
             KnowledgeServer server = KnowledgeServer.start(workspace, 0)) {
            var update = org.apache.jena.sparql.exec.http.UpdateExecHTTP.service(server.endpoint())
                    .update("INSERT DATA { <urn:a> <urn:b> <urn:c> }").build();

            assertThrows(RuntimeException.class, update::execute);
            assertEquals(0, workspace.size());
        }
    }

    private static int freePort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
