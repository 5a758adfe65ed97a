package org.gqa4j.cli;

import org.gqa4j.core.BuildInfo;
import picocli.CommandLine;

/** {@code gqa --version}: the project version and the commit it was built from ({@link BuildInfo}). */
public final class Version implements CommandLine.IVersionProvider {

    @Override
    public String[] getVersion() {
        return new String[] {"gqa4j " + BuildInfo.describe(),
                "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vendor") + ")"};
    }
}
