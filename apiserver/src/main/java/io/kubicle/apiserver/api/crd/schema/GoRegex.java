package io.kubicle.apiserver.api.crd.schema;

import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/** Compiles the RE2 patterns of OpenAPI schemas with java.util.regex, translating the few syntax differences. */
final class GoRegex {
    private GoRegex() {
    }

    static Pattern compile(String re2) {
        String java = re2.replace("(?P<", "(?<");
        try {
            return Pattern.compile(java);
        } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException("invalid pattern " + re2 + ": " + e.getDescription(), e);
        }
    }
}
