package io.kubicle.apiserver.api.openapi;

import io.kubicle.apiserver.Statuses;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/** Picks the encoding of {@code /openapi/v2} from an Accept header, as kube-openapi's handler does. */
final class SwaggerV2Negotiation {
    private SwaggerV2Negotiation() {
    }

    private record Range(String type, double q) {
    }

    /**
     * True for protobuf, false for JSON (also when Accept is absent or allows anything).
     *
     * @throws io.kubicle.apiserver.ApiError 406 when Accept allows neither
     */
    static boolean wantsProtobuf(String accept) {
        if (accept == null || accept.isBlank()) {
            return false;
        }
        List<Range> ranges = new ArrayList<>();
        for (String part : accept.split(",")) {
            String[] pieces = part.split(";");
            double q = 1;
            for (int i = 1; i < pieces.length; i++) {
                String param = pieces[i].trim();
                if (param.startsWith("q=")) {
                    try {
                        q = Double.parseDouble(param.substring(2));
                    } catch (NumberFormatException e) {
                        q = 0;
                    }
                }
            }
            if (q > 0) {
                ranges.add(new Range(pieces[0].trim().toLowerCase(Locale.ROOT), q));
            }
        }
        ranges.sort(Comparator.comparingDouble(Range::q).reversed());
        for (Range range : ranges) {
            if (SwaggerV2Handler.isProtobuf(range.type())) {
                return true;
            }
            if (range.type().equals("application/json") || range.type().equals("application/*")
                    || range.type().equals("*/*") || range.type().equals("*")) {
                return false;
            }
        }
        throw Statuses.notAcceptable("only the following media types are accepted: application/json, "
                + SwaggerV2Proto.MEDIA_TYPE);
    }
}
