package io.shardgate.proxy.execute.plan;

import io.shardgate.proxy.execute.AnnouncedVersion;
import io.shardgate.router.plan.RenameTable;
import io.shardgate.router.plan.TableListing;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/** The result rewrites that keep physical shard tables out of the client's sight. Pure functions. */
final class ResultRewrites {

    private ResultRewrites() {
    }

    /**
     * SHOW [FULL] TABLES: hide physical shard tables, add the logical names not already listed, sort by name
     * as MySQL does.
     */
    static BufferedResult.Outcome listing(TableListing plan, BufferedResult.Outcome in) {
        List<List<String>> rows = new ArrayList<>();
        List<String> seen = new ArrayList<>();
        for (List<String> row : in.rows()) {
            String name = row.isEmpty() ? null : row.get(0);
            if (name != null && plan.hidden().contains(name.toLowerCase(Locale.ROOT))) {
                continue;
            }
            rows.add(row);
            if (name != null) {
                seen.add(name.toLowerCase(Locale.ROOT));
            }
        }
        int width = in.columns().size();
        for (String logical : plan.logical()) {
            if (seen.contains(logical.toLowerCase(Locale.ROOT))) {
                continue;
            }
            List<String> row = new ArrayList<>();
            row.add(logical);
            for (int i = 1; i < width; i++) {
                row.add("BASE TABLE");
            }
            rows.add(row);
        }
        rows.sort(Comparator.comparing(r -> r.get(0) == null ? "" : r.get(0)));
        return new BufferedResult.Outcome(in.columns(), rows, in.ok(), in.error());
    }

    /** SHOW VARIABLES: the proxy's own value of the variables it answers ({@code version}, {@code version_comment}). */
    static BufferedResult.Outcome variables(AnnouncedVersion announced, BufferedResult.Outcome in) {
        List<List<String>> rows = new ArrayList<>(in.rows().size());
        for (List<String> row : in.rows()) {
            String own = row.size() < 2 || row.get(0) == null ? null : announced.variable(row.get(0));
            if (own == null) {
                rows.add(row);
            } else {
                List<String> copy = new ArrayList<>(row);
                copy.set(1, own);
                rows.add(copy);
            }
        }
        return new BufferedResult.Outcome(in.columns(), rows, in.ok(), in.error());
    }

    /** SHOW CREATE TABLE / DESCRIBE / SHOW INDEX of a logical table answered by its first physical table. */
    static BufferedResult.Outcome rename(RenameTable plan, BufferedResult.Outcome in) {
        List<List<String>> rows = new ArrayList<>(in.rows().size());
        for (List<String> row : in.rows()) {
            List<String> copy = new ArrayList<>(row);
            for (int i = 0; i < copy.size(); i++) {
                if (plan.renames(i)) {
                    copy.set(i, plan.rename(copy.get(i)));
                }
            }
            rows.add(copy);
        }
        return new BufferedResult.Outcome(in.columns(), rows, in.ok(), in.error());
    }
}
