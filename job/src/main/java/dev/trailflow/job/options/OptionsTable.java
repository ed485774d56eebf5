package dev.trailflow.job.options;

import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.description.HtmlFormatter;

/** Prints the README's table of options from {@link TrailflowOptions}, so the two never drift apart. */
public final class OptionsTable {

    private OptionsTable() {}

    public static String markdown() {
        StringBuilder b = new StringBuilder("| key | default | meaning |\n| --- | --- | --- |\n");
        HtmlFormatter f = new HtmlFormatter();
        for (ConfigOption<?> o : TrailflowOptions.all()) {
            String def = o.hasDefaultValue() ? show(o.defaultValue()) : "(unset)";
            b.append("| `").append(o.key()).append("` | `").append(def.replace("|", "\\|")).append("` | ")
                    .append(f.format(o.description()).replace("|", "\\|")).append(" |\n");
        }
        return b.toString();
    }

    /** 5 min rather than PT5M: how the values are written on the command line. */
    static String show(Object value) {
        if (value instanceof java.time.Duration) {
            long s = ((java.time.Duration) value).getSeconds();
            return s % 3600 == 0 ? s / 3600 + " h" : s % 60 == 0 ? s / 60 + " min" : s + " s";
        }
        return String.valueOf(value).replace(" ", "");
    }

    public static void main(String[] args) {
        System.out.print(markdown());
    }
}
