package vn.ocop.testing;

import java.io.IOException;
import java.lang.reflect.ParameterizedType;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.springframework.context.ApplicationContext;
import org.springframework.core.DefaultParameterNameDiscoverer;
import org.springframework.core.MethodParameter;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Sends every endpoint of a running service the input a careless or hostile caller might: ids that
 * are not ids, numbers too large for any type, broken percent-encoding, bodies that are not JSON or
 * have a field of the wrong type, the wrong content type, the wrong method. Each request carries one
 * such value and otherwise names nothing that exists, so none of them can change stored data.
 *
 * <p>What every answer must be: not a 5xx, and, when it refuses, an RFC 9457 problem whose {@code
 * status} is the answer's. A request that is certainly malformed (a body that cannot be read as the
 * endpoint's type, or a path id that is not a UUID where the endpoint wants one) must be refused.
 *
 * <p>The endpoints are read from the service's own request mappings, so a new one is swept without
 * being listed here.
 */
public final class HostileRequests {

    /** Values for a path variable or a query parameter, already percent-encoded where they need it. */
    static final List<String> VALUES = List.of(
            "not-an-id",
            "-1",
            "0",
            "99999999999999999999999999",
            "1e400",
            "NaN",
            "%00",
            "%C3%28",
            "%F0%9F%98%80",
            "%27%3B--%20",
            "%3Cscript%3E",
            "%20",
            "a".repeat(3000));

    private static final Set<Class<?>> WHOLE_NUMBERS =
            Set.of(int.class, long.class, short.class, Integer.class, Long.class, Short.class);
    private static final Pattern VARIABLE = Pattern.compile("\\{\\*?([^}:]+)(?::[^}]*)?}");
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final DefaultParameterNameDiscoverer NAMES = new DefaultParameterNameDiscoverer();

    private final HttpClient client =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String base;
    private final List<Endpoint> endpoints;
    private int sent;

    private HostileRequests(String base, List<Endpoint> endpoints) {
        this.base = base;
        this.endpoints = endpoints;
    }

    /** The sweep of the service in {@code context}, listening on {@code port}. */
    public static HostileRequests of(ApplicationContext context, int port) {
        var mapping = context.getBean("requestMappingHandlerMapping", RequestMappingHandlerMapping.class);
        var endpoints = new ArrayList<Endpoint>();
        mapping.getHandlerMethods().forEach((info, handler) -> endpoints.addAll(endpoints(info, handler)));
        return new HostileRequests("http://127.0.0.1:" + port, List.copyOf(endpoints));
    }

    public List<Endpoint> endpoints() {
        return endpoints;
    }

    /** How many requests the last {@link #faults} sent. */
    public int sent() {
        return sent;
    }

    /**
     * {@link #faults(List)} for every kind of caller: the office, a producer the service does not
     * know, a shopper, and no token at all.
     */
    public List<String> faults() {
        return faults(
                Arrays.asList(TestTokens.admin(), TestTokens.producer(UUID.randomUUID()), TestTokens.shopper(), null));
    }

    /** How many rows each of {@code tables} holds: what a sweep must leave as it found it. */
    public static Map<String, Long> rows(DataSource database, String... tables) {
        var rows = new LinkedHashMap<String, Long>();
        try (var connection = database.getConnection();
                var statement = connection.createStatement()) {
            for (var table : tables) {
                try (var result = statement.executeQuery("select count(*) from " + table)) {
                    result.next();
                    rows.put(table, result.getLong(1));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return rows;
    }

    /**
     * Sends every hostile request once with each token ({@code null}: no token) and returns a line for
     * each answer that broke a rule above; an empty list when none did.
     */
    public List<String> faults(List<String> tokens) {
        sent = 0;
        var faults = new ArrayList<String>();
        for (var endpoint : endpoints) {
            for (var attempt : attempts(endpoint)) {
                for (var token : tokens) {
                    var answer = send(attempt, token);
                    sent++;
                    var fault = fault(attempt, answer);
                    if (fault != null) {
                        faults.add(attempt.method + " " + abbreviate(attempt.path, 120) + " (" + attempt.what + ", "
                                + (token == null ? "no token" : "token " + roles(token)) + "): " + fault);
                    }
                }
            }
        }
        return faults;
    }

    /** One mapped method and pattern, with what the handler reads from the request. */
    public record Endpoint(
            String method,
            String pattern,
            Map<String, Class<?>> pathVariables,
            List<String> queryParameters,
            Class<?> body,
            boolean bodyRequired,
            boolean multipart) {}

    record Attempt(String method, String path, String what, String contentType, String body, boolean mustBeRefused) {}

    record Answer(int status, String contentType, String body) {}

    private static List<Endpoint> endpoints(RequestMappingInfo info, HandlerMethod handler) {
        var pathVariables = new LinkedHashMap<String, Class<?>>();
        var query = new ArrayList<String>();
        Class<?> body = null;
        var bodyRequired = false;
        var multipart = false;
        for (var parameter : handler.getMethodParameters()) {
            parameter.initParameterNameDiscovery(NAMES);
            var path = parameter.getParameterAnnotation(PathVariable.class);
            var param = parameter.getParameterAnnotation(RequestParam.class);
            var requestBody = parameter.getParameterAnnotation(RequestBody.class);
            if (path != null) {
                pathVariables.put(name(path.name(), parameter), parameter.getParameterType());
            } else if (param != null && MultipartFile.class.isAssignableFrom(parameter.getParameterType())) {
                multipart = true;
            } else if (param != null) {
                query.add(name(param.name(), parameter));
            } else if (requestBody != null) {
                body = parameter.getParameterType();
                bodyRequired = requestBody.required();
            }
        }
        Set<String> methods = new LinkedHashSet<>();
        info.getMethodsCondition().getMethods().forEach(m -> methods.add(m.name()));
        if (methods.isEmpty()) {
            methods.add(RequestMethod.GET.name());
        }
        var list = new ArrayList<Endpoint>();
        for (var pattern : info.getPatternValues()) {
            for (var method : methods) {
                if (!method.equals("HEAD") && !method.equals("OPTIONS")) {
                    list.add(new Endpoint(
                            method,
                            pattern,
                            Map.copyOf(pathVariables),
                            List.copyOf(query),
                            body,
                            bodyRequired,
                            multipart));
                }
            }
        }
        return list;
    }

    private static String name(String given, MethodParameter parameter) {
        return given.isEmpty() ? parameter.getParameterName() : given;
    }

    /**
     * The hostile requests for one endpoint. An endpoint that reads nothing from the request (a
     * command such as "rebuild the index") gets none: any request to it would be a valid one.
     */
    static List<Attempt> attempts(Endpoint endpoint) {
        var attempts = new ArrayList<Attempt>();
        var pathNames = variables(endpoint.pattern);
        var wildcard = endpoint.pattern.contains("**");
        var baseline = path(endpoint, pathNames, null, null);
        for (var name : pathNames) {
            var wantsUuid = UUID.class.equals(endpoint.pathVariables.get(name));
            for (var value : VALUES) {
                attempts.add(new Attempt(
                        endpoint.method,
                        path(endpoint, pathNames, name, value),
                        "path {" + name + "} = " + abbreviate(value, 20),
                        null,
                        null,
                        wantsUuid));
            }
        }
        if (wildcard) {
            for (var value : VALUES) {
                attempts.add(new Attempt(
                        endpoint.method,
                        path(endpoint, pathNames, "**", value),
                        "path ** = " + abbreviate(value, 20),
                        null,
                        null,
                        false));
            }
        }
        for (var name : endpoint.queryParameters) {
            for (var value : concat(VALUES, List.of(""))) {
                attempts.add(new Attempt(
                        endpoint.method,
                        baseline + "?" + name + "=" + value,
                        "?" + name + "=" + abbreviate(value, 20),
                        null,
                        null,
                        false));
            }
            attempts.add(new Attempt(
                    endpoint.method,
                    baseline + "?" + name + "=1&" + name + "=2",
                    "?" + name + " twice",
                    null,
                    null,
                    false));
        }
        if (endpoint.body != null) {
            for (var body : bodies(endpoint.body)) {
                attempts.add(new Attempt(
                        endpoint.method,
                        baseline,
                        "body " + abbreviate(body, 40),
                        MediaType.APPLICATION_JSON_VALUE,
                        body,
                        endpoint.bodyRequired || !body.isEmpty()));
            }
            attempts.add(new Attempt(endpoint.method, baseline, "text/plain body", "text/plain", "x", true));
            attempts.add(new Attempt(endpoint.method, baseline, "XML body", "application/xml", "<a/>", true));
        }
        if (endpoint.multipart) {
            attempts.add(
                    new Attempt(endpoint.method, baseline, "JSON instead of a file", "application/json", "{}", true));
            attempts.add(new Attempt(
                    endpoint.method,
                    baseline,
                    "multipart without its boundary",
                    "multipart/form-data; boundary=b",
                    "not multipart at all",
                    true));
            attempts.add(new Attempt(
                    endpoint.method,
                    baseline,
                    "multipart without the file",
                    "multipart/form-data; boundary=b",
                    "--b\r\nContent-Disposition: form-data; name=\"other\"\r\n\r\nx\r\n--b--\r\n",
                    true));
        }
        if (!attempts.isEmpty() || !pathNames.isEmpty()) {
            var other = endpoint.method.equals("PUT") ? "PATCH" : "PUT";
            attempts.add(new Attempt(other, baseline, "method " + other, null, null, false));
        }
        return attempts;
    }

    /** Bodies no endpoint can read: not JSON, not an object, or each field given a value of no type it has. */
    private static List<String> bodies(Class<?> type) {
        var bodies = new ArrayList<>(List.of(
                "",
                "{",
                "[]",
                "null",
                "\"text\"",
                "42",
                "{\"a\":1}}",
                "[".repeat(3000) + "]".repeat(3000),
                "{\"a\":" + "{\"a\":".repeat(3000) + "1" + "}".repeat(3001)));
        fields(type, "%s", 0, bodies);
        return bodies;
    }

    /**
     * Bodies that give each field of record {@code type} a value of no type it has; {@code wrapper} puts
     * a field's JSON where the record sits in the body (a nested record, or one in a list, is reached).
     */
    private static void fields(Class<?> type, String wrapper, int depth, List<String> bodies) {
        if (!type.isRecord() || depth > 3) {
            return;
        }
        for (var component : type.getRecordComponents()) {
            var name = component.getName();
            var kind = component.getType();
            Function<String, String> at = value -> wrapper.formatted("{\"" + name + "\":" + value + "}");
            bodies.add(at.apply("{\"x\":1}"));
            bodies.add(at.apply(kind.equals(String.class) ? "[\"x\"]" : "\"not a value\""));
            if (WHOLE_NUMBERS.contains(kind)) {
                // A fraction must be refused, not cut down to a whole number.
                bodies.add(at.apply("2.5"));
            }
            if (Number.class.isAssignableFrom(kind) || kind.isPrimitive()) {
                bodies.add(at.apply("1e400"));
                bodies.add(at.apply("123456789012345678901234567890"));
            }
            if (kind.isRecord()) {
                fields(kind, wrapper.formatted("{\"" + name + "\":%s}"), depth + 1, bodies);
            } else if (List.class.isAssignableFrom(kind)
                    && component.getGenericType() instanceof ParameterizedType list
                    && list.getActualTypeArguments()[0] instanceof Class<?> element) {
                fields(element, wrapper.formatted("{\"" + name + "\":[%s]}"), depth + 1, bodies);
            }
        }
    }

    private static String fault(Attempt attempt, Answer answer) {
        if (answer.status >= 500) {
            return answer.status + " " + abbreviate(answer.body, 200);
        }
        if (attempt.mustBeRefused && answer.status < 400) {
            return "accepted (" + answer.status + ") what it cannot read";
        }
        if (answer.status >= 400) {
            if (!answer.contentType.startsWith("application/problem+json")) {
                return answer.status + " as " + answer.contentType + ", not a problem: " + abbreviate(answer.body, 120);
            }
            JsonNode problem;
            try {
                problem = JSON.readTree(answer.body);
            } catch (RuntimeException e) {
                return answer.status + " with a problem that is not JSON: " + abbreviate(answer.body, 120);
            }
            if (problem.path("status").asInt() != answer.status
                    || problem.path("title").asString("").isBlank()) {
                return answer.status + " with a problem whose status or title is wrong: "
                        + abbreviate(answer.body, 200);
            }
        }
        return null;
    }

    private Answer send(Attempt attempt, String token) {
        var request = HttpRequest.newBuilder(URI.create(base + attempt.path)).timeout(Duration.ofSeconds(30));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        if (attempt.contentType != null) {
            request.header("Content-Type", attempt.contentType);
        }
        request.method(
                attempt.method,
                attempt.body == null
                        ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(attempt.body));
        try {
            var response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Answer(
                    response.statusCode(),
                    response.headers().firstValue("Content-Type").orElse(""),
                    response.body());
        } catch (IOException e) {
            throw new IllegalStateException(attempt.method + " " + attempt.path + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static List<String> variables(String pattern) {
        var names = new ArrayList<String>();
        Matcher matcher = VARIABLE.matcher(pattern);
        while (matcher.find()) {
            names.add(matcher.group(1));
        }
        return names;
    }

    /** The pattern with every variable filled by an id of nothing, except {@code hostile}, filled by {@code value}. */
    private static String path(Endpoint endpoint, List<String> names, String hostile, String value) {
        var matcher = VARIABLE.matcher(endpoint.pattern);
        var path = new StringBuilder();
        while (matcher.find()) {
            var name = matcher.group(1);
            var filled = name.equals(hostile)
                    ? value
                    : UUID.class.equals(endpoint.pathVariables.get(name))
                            ? UUID.randomUUID().toString()
                            : "sample-" + UUID.randomUUID().toString().substring(0, 8);
            matcher.appendReplacement(path, Matcher.quoteReplacement(filled));
        }
        matcher.appendTail(path);
        return path.toString().replace("**", "**".equals(hostile) ? value : "sample/path");
    }

    private static String roles(String token) {
        var payload = token.split("\\.")[1];
        var claims = JSON.readTree(java.util.Base64.getUrlDecoder().decode(payload));
        return claims.path("roles").toString();
    }

    private static List<String> concat(List<String> a, List<String> b) {
        var all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    private static String abbreviate(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max) + "…(" + text.length() + " chars)";
    }
}
