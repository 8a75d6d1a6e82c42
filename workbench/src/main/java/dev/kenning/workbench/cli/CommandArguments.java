package dev.kenning.workbench.cli;

import dev.kenning.core.InputError;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The arguments of one subcommand: positional words and {@code --option value} pairs, with
 * the options it accepts named up front so a typo is an error naming it, not a silent default.
 */
final class CommandArguments {

    private final List<String> positional = new ArrayList<>();
    private final Map<String, String> options = new HashMap<>();
    private final Set<String> flags = new HashSet<>();

    private CommandArguments() {
    }

    /**
     * @param args    everything after the subcommand's name
     * @param known   options that take a value
     * @param switches options that stand alone, such as {@code --derive}
     * @param usage   shown after an error
     */
    static CommandArguments parse(List<String> args, Set<String> known, Set<String> switches, String usage) {
        CommandArguments parsed = new CommandArguments();
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (switches.contains(arg)) {
                parsed.flags.add(arg);
            } else if (arg.startsWith("--")) {
                if (!known.contains(arg)) {
                    throw new InputError(arg, "unknown option\n" + usage);
                }
                if (i + 1 >= args.size()) {
                    throw new InputError(arg, "needs a value");
                }
                // given twice, the second would silently win: refused, as kenning run refuses it
                String earlier = parsed.options.put(arg, args.get(++i));
                if (earlier != null) {
                    throw new InputError(arg, "is given twice (" + earlier + ", " + args.get(i) + "); give it once");
                }
            } else {
                parsed.positional.add(arg);
            }
        }
        return parsed;
    }

    List<String> positional() {
        return positional;
    }

    String option(String name, String fallback) {
        return options.getOrDefault(name, fallback);
    }

    /**
     * The workspace store's folder: {@code --workspace}, else {@code fallback}. {@code off} (no
     * store, as {@code kenning run} and {@code sweep} take it) is refused: this command works on a
     * store, and would otherwise make one in a folder named "off".
     */
    Path workspace(Path fallback, String command) {
        String w = option("--workspace", fallback.toString());
        if (w.equals("off")) {
            throw new InputError("--workspace off", command + " works on a workspace's knowledge store, so it needs one:"
                    + " give its folder (default " + fallback + "); 'off' is for kenning run and kenning sweep");
        }
        return Path.of(w);
    }

    boolean has(String name) {
        return options.containsKey(name) || flags.contains(name);
    }
}
