package io.kubicle.storage;

import io.kubicle.storage.LabelSelector.Requirement;
import io.vertx.sqlclient.Tuple;

/** Translates a label selector into a SQL condition on a jsonb {@code labels} column, binding every value. */
final class LabelSql {
    private LabelSql() {
    }

    /** Appends " AND ..." terms for the selector to sql, adding their parameters to args. */
    static void append(LabelSelector selector, String column, StringBuilder sql, Tuple args) {
        for (Requirement r : selector.requirements()) {
            String value = column + " ->> " + param(args, r.key());
            sql.append(" AND ");
            switch (r.operator()) {
                case EQUALS -> sql.append(value).append(" = ").append(param(args, r.values().get(0)));
                case NOT_EQUALS -> sql.append(value).append(" IS DISTINCT FROM ").append(param(args, r.values().get(0)));
                case IN -> sql.append(value).append(" = ANY(").append(param(args, r.values().toArray(String[]::new)))
                        .append(")");
                case NOT_IN -> sql.append("NOT coalesce(").append(value).append(" = ANY(")
                        .append(param(args, r.values().toArray(String[]::new))).append("), false)");
                case EXISTS -> sql.append(value).append(" IS NOT NULL");
                case DOES_NOT_EXIST -> sql.append(value).append(" IS NULL");
                case GREATER_THAN, LESS_THAN -> sql.append("(CASE WHEN ").append(value).append(" ~ '^-?[0-9]{1,18}$' THEN (")
                        .append(value).append(")::bigint ").append(r.operator() == LabelSelector.Operator.GREATER_THAN ? ">" : "<")
                        .append(' ').append(param(args, Long.parseLong(r.values().get(0)))).append(" ELSE false END)");
            }
        }
    }

    /** Binds {@code value} as the next parameter and returns its placeholder ("$n"). */
    static String param(Tuple args, Object value) {
        args.addValue(value);
        return "$" + args.size();
    }
}
