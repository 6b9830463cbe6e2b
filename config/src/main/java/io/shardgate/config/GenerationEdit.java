package io.shardgate.config;

import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * Writes a table's generation into a sharding.yaml's text, as {@code RESHARD} does when it makes the layout it
 * filled the running one. The text is read as plain YAML, before {@code ${VARIABLE}} substitution, so variables stay
 * variables; comments and the original formatting are not kept (the file is written again in block style).
 */
public final class GenerationEdit {

    private GenerationEdit() {
    }

    /**
     * {@code yaml} with {@code generation: <generation>} on table {@code table} of schema {@code schema}.
     *
     * @throws IllegalArgumentException when the text has no such table
     */
    @SuppressWarnings("unchecked")
    public static String withGeneration(String yaml, String schema, String table, int generation) {
        Yaml parser = new Yaml(new LoaderOptions());
        Object root = parser.load(yaml);
        if (!(root instanceof Map<?, ?> doc) || !(doc.get("schemas") instanceof List<?> schemas)) {
            throw new IllegalArgumentException("the file has no schemas: list");
        }
        for (Object s : schemas) {
            if (s instanceof Map<?, ?> sm && schema.equalsIgnoreCase(String.valueOf(sm.get("name")))
                    && sm.get("tables") instanceof List<?> tables) {
                for (Object t : tables) {
                    if (t instanceof Map<?, ?> tm && table.equalsIgnoreCase(String.valueOf(tm.get("name")))) {
                        ((Map<String, Object>) tm).put("generation", generation);
                        DumperOptions options = new DumperOptions();
                        options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
                        options.setIndent(2);
                        options.setWidth(120);
                        return new Yaml(options).dump(root);
                    }
                }
            }
        }
        throw new IllegalArgumentException("the file has no table " + schema + "." + table);
    }
}
