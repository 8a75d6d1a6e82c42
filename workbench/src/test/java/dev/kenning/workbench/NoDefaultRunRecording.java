package dev.kenning.workbench;

import dev.kenning.workbench.registry.RunCompletion;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Registered for every test class (junit-platform.properties): runs made by tests are not
 * recorded in the module folder's default workspace, which would litter the source tree and
 * contend for its lock with a build running beside this one. Tests of recording name a
 * workspace of their own.
 */
public final class NoDefaultRunRecording implements BeforeAllCallback {
    @Override
    public void beforeAll(ExtensionContext context) {
        if (System.getProperty(RunCompletion.WORKSPACE_PROPERTY) == null) {
            System.setProperty(RunCompletion.WORKSPACE_PROPERTY, "off");
        }
    }
}
