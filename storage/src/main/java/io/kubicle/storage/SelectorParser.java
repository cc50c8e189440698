package io.kubicle.storage;

import io.kubicle.storage.LabelSelector.Operator;
import io.kubicle.storage.LabelSelector.Requirement;
import java.util.ArrayList;
import java.util.List;

/** Hand-rolled parser for the label selector grammar of k8s.io/apimachinery/pkg/labels. */
final class SelectorParser {
    private final String text;
    private int pos;

    SelectorParser(String text) {
        this.text = text;
    }

    LabelSelector parse() {
        List<Requirement> requirements = new ArrayList<>();
        while (true) {
            skipSpaces();
            requirements.add(requirement());
            skipSpaces();
            if (pos == text.length()) {
                return new LabelSelector(requirements);
            }
            if (text.charAt(pos) != ',') {
                throw error("expected ',' or end of selector at position " + pos);
            }
            pos++;
        }
    }

    private Requirement requirement() {
        if (peek('!')) {
            pos++;
            skipSpaces();
            return new Requirement(key(), Operator.DOES_NOT_EXIST, List.of());
        }
        String key = key();
        skipSpaces();
        if (pos == text.length() || text.charAt(pos) == ',') {
            return new Requirement(key, Operator.EXISTS, List.of());
        }
        if (text.startsWith("==", pos)) {
            pos += 2;
            return new Requirement(key, Operator.EQUALS, List.of(value()));
        }
        if (text.startsWith("!=", pos)) {
            pos += 2;
            return new Requirement(key, Operator.NOT_EQUALS, List.of(value()));
        }
        char c = text.charAt(pos);
        if (c == '=' || c == '>' || c == '<') {
            pos++;
            String value = value();
            if (c == '=') {
                return new Requirement(key, Operator.EQUALS, List.of(value));
            }
            if (!value.matches("-?[0-9]{1,18}")) {
                throw error("for '" + c + "' operator, the value must be an integer, got \"" + value + "\"");
            }
            return new Requirement(key, c == '>' ? Operator.GREATER_THAN : Operator.LESS_THAN, List.of(value));
        }
        String word = word();
        if (word.equals("in") || word.equals("notin")) {
            return new Requirement(key, word.equals("in") ? Operator.IN : Operator.NOT_IN, valueSet());
        }
        throw error("unknown operator \"" + (word.isEmpty() ? String.valueOf(c) : word) + "\" after key \"" + key
                + "\"; expected one of =, ==, !=, in, notin, >, <");
    }

    private List<String> valueSet() {
        skipSpaces();
        if (!peek('(')) {
            throw error("expected '(' after in/notin at position " + pos);
        }
        pos++;
        List<String> values = new ArrayList<>();
        while (true) {
            skipSpaces();
            values.add(value());
            skipSpaces();
            if (peek(')')) {
                pos++;
                return values;
            }
            if (!peek(',')) {
                throw error("expected ',' or ')' in value set at position " + pos);
            }
            pos++;
        }
    }

    private String key() {
        String key = word();
        if (key.isEmpty()) {
            throw error("expected a label key at position " + pos);
        }
        String problem = LabelSelector.keyError(key);
        if (problem != null) {
            throw error("invalid label key \"" + key + "\": " + problem);
        }
        return key;
    }

    private String value() {
        skipSpaces();
        String value = word();
        String problem = LabelSelector.valueError(value);
        if (problem != null) {
            throw error("invalid label value \"" + value + "\": " + problem);
        }
        return value;
    }

    private String word() {
        int start = pos;
        while (pos < text.length() && " \t,=!<>()".indexOf(text.charAt(pos)) < 0) {
            pos++;
        }
        return text.substring(start, pos);
    }

    private boolean peek(char c) {
        return pos < text.length() && text.charAt(pos) == c;
    }

    private void skipSpaces() {
        while (pos < text.length() && (text.charAt(pos) == ' ' || text.charAt(pos) == '\t')) {
            pos++;
        }
    }

    private StorageException.InvalidArgument error(String message) {
        return new StorageException.InvalidArgument("unable to parse label selector \"" + text + "\": " + message);
    }
}
