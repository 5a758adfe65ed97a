package org.gqa4j.cli;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.Callable;
import org.gqa4j.core.data.DatasetInfo;
import org.gqa4j.core.data.Datasets;
import picocli.CommandLine.Command;

@Command(name = "datasets", mixinStandardHelpOptions = true,
        description = "List the built-in datasets (no download: real data ships in a Maven Central artifact).")
final class DatasetsCommand implements Callable<Integer> {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(ZoneOffset.UTC);

    @Override
    public Integer call() {
        System.out.printf("%-12s %7s  %-16s   %-16s  %s%n", "name", "bars", "first (UTC)", "last (UTC)", "source");
        for (DatasetInfo d : Datasets.builtIns()) {
            System.out.printf("%-12s %7d  %-16s - %-16s  %s%n", d.name(), d.bars(),
                    TIME.format(Instant.ofEpochMilli(d.firstMillis())), TIME.format(Instant.ofEpochMilli(d.lastMillis())),
                    d.source());
            System.out.printf("%-12s %7s  %s%n", "", "", d.description());
        }
        return 0;
    }
}
