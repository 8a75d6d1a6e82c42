package dev.kenning.notebook;

import jdk.jshell.execution.LocalExecutionControl;
import jdk.jshell.spi.ExecutionControl;
import jdk.jshell.spi.ExecutionControlProvider;
import jdk.jshell.spi.ExecutionEnv;

import java.lang.reflect.Method;
import java.util.Map;

/**
 * JShell's in-process execution, keeping the object each snippet produced: JShell itself only
 * hands back the value's text, and a cell whose value is an image must show the image.
 * Snippets run on the calling (kernel) thread, so the kernel's redirected System.out applies.
 */
final class CapturingExecution extends LocalExecutionControl {
    private Object lastValue;

    @Override
    protected String invoke(Method doit) throws Exception {
        lastValue = null;
        Object value = doit.invoke(null);
        lastValue = value;
        return valueString(value);
    }

    /** The object the last executed snippet evaluated to (null for statements and declarations). */
    Object lastValue() {
        return lastValue;
    }

    /** Hands JShell this one instance, so the kernel can read {@link #lastValue()} after each snippet. */
    ExecutionControlProvider provider() {
        CapturingExecution self = this;
        return new ExecutionControlProvider() {
            @Override
            public String name() {
                return "kenning-in-process";
            }

            @Override
            public ExecutionControl generate(ExecutionEnv env, Map<String, String> parameters) {
                return self;
            }
        };
    }
}
