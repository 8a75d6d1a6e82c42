package dev.kenning.kg;

import org.apache.jena.query.ARQ;
import org.apache.jena.sys.JenaSystem;

/**
 * SPARQL's {@code SERVICE} makes the machine answering a query send requests to any URL the
 * query names: through {@code kenning kg serve}, anyone who can query the store could make it
 * fetch from the loopback network or beyond. Kenning turns it off for every query in the JVM
 * (the store, a served store, {@code --kg} endpoints, the rule packs' fact queries) unless the
 * user allows it ({@code --allow-service}).
 */
public final class FederatedQueries {
    private FederatedQueries() {
    }

    static {
        JenaSystem.init();
        ARQ.getContext().set(ARQ.httpServiceAllowed, false);
    }

    /** Makes sure the default (no SERVICE) is in place; stores call this when they open. */
    static void closedByDefault() {
        // the static initialiser does the work, once
    }

    /** Lets queries in this JVM use SERVICE from now on (the user asked for it). */
    public static void allow() {
        ARQ.getContext().set(ARQ.httpServiceAllowed, true);
    }

    /** Whether SERVICE is allowed now. */
    public static boolean allowed() {
        return ARQ.getContext().isTrueOrUndef(ARQ.httpServiceAllowed);
    }
}
