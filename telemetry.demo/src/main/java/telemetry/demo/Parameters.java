package telemetry.demo;

import javax.servlet.http.HttpServletRequest;

/** Bounded parsing of the demo's query parameters: a bad value is answered with 400 by the caller. */
final class Parameters {

    private Parameters() {}

    /**
     * The parameter as a number between {@code min} and {@code max}, {@code absent} when it is not
     * given.
     *
     * @throws IllegalArgumentException naming the parameter and the accepted range
     */
    static double number(HttpServletRequest request, String name, double absent, double min, double max) {
        String raw = request.getParameter(name);
        if (raw == null || raw.isBlank()) {
            return absent;
        }
        double value;
        try {
            value = Double.parseDouble(raw.trim());
        } catch (NumberFormatException e) {
            value = Double.NaN;
        }
        if (!(value >= min && value <= max)) {
            throw new IllegalArgumentException(
                    "parameter '" + name + "' must be a number from " + min + " to " + max + ", got '" + raw + "'");
        }
        return value;
    }
}
