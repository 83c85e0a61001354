package dev.datomickit.migrations;

import java.util.ArrayList;
import java.util.List;

/** Plain-text tables for status, reports and dry runs: readable in a terminal and in a log. */
final class Table {

    private Table() {}

    static String render(List<String> headers, List<List<String>> rows) {
        int[] widths = new int[headers.size()];
        List<List<String>> all = new ArrayList<>();
        all.add(headers);
        all.addAll(rows);
        for (List<String> row : all) {
            for (int i = 0; i < widths.length; i++) {
                widths[i] = Math.max(widths[i], row.get(i).length());
            }
        }
        StringBuilder rule = new StringBuilder("+");
        for (int width : widths) {
            rule.append("-".repeat(width + 2)).append('+');
        }
        StringBuilder out = new StringBuilder().append(rule).append('\n');
        line(out, headers, widths);
        out.append(rule).append('\n');
        for (List<String> row : rows) {
            line(out, row, widths);
        }
        if (!rows.isEmpty()) {
            out.append(rule).append('\n');
        }
        return out.toString();
    }

    private static void line(StringBuilder out, List<String> cells, int[] widths) {
        out.append('|');
        for (int i = 0; i < widths.length; i++) {
            String cell = cells.get(i);
            out.append(' ').append(cell).append(" ".repeat(widths[i] - cell.length())).append(" |");
        }
        out.append('\n');
    }
}
