package io.llmbench.examples.service;

import io.javalin.http.Context;
import io.javalin.http.UploadedFile;
import org.eclipse.jetty.http.BadMessageException;
import java.io.IOException;
import java.io.InputStream;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * One request as a route's handler sees it: its path parameters, its query and body validated
 * against what the route declares, and the body read within the route's size limit. Not
 * thread-safe (one per request).
 */
final class Call {
    private final Context ctx;
    private final Route route;
    private final Set<String> bodyFields;

    Call(Context ctx, Route route, Set<String> bodyFields) {
        this.ctx = ctx;
        this.route = route;
        this.bodyFields = bodyFields;
    }

    /** A path parameter, decoded. */
    String path(String name) {
        return ctx.pathParam(name);
    }

    /** The query parameters; names the route does not declare are refused. */
    Params query() {
        return Params.query(ctx.queryParamMap(), route.query().stream().map(Route.Param::name).collect(Collectors.toSet()));
    }

    /** The JSON object body; fields the route's body schema does not declare are refused. */
    Params json() throws IOException {
        return Params.json(body(), bodyFields);
    }

    /**
     * The raw body, at most the route's limit. A declared length over the limit was already
     * answered with 413 before the handler ran; a chunked body that grows past it is refused here.
     */
    byte[] body() throws IOException {
        int limit = route.body() == null ? 0 : route.body().maxBytes();
        try (InputStream in = ctx.bodyInputStream()) {
            byte[] b = in.readNBytes(limit + 1);
            if (b.length > limit) {
                throw ApiException.tooLarge(limit);
            }
            return b;
        } catch (BadMessageException e) {
            // Jetty's minimum data rate: a body that trickles in is refused
            throw new ApiException(e.getCode(), null, "request body must arrive at " + BenchService.MIN_BODY_BYTES_PER_SECOND
                    + " bytes/s or faster, but was slower");
        } catch (IOException e) {
            throw new ApiException(408, null, "request body must arrive within the idle timeout, but stalled");
        }
    }

    /** The uploaded file of a multipart form field. */
    UploadedFile file(String field) {
        UploadedFile f = ctx.uploadedFile(field);
        if (f == null) {
            throw ApiException.badRequest(field, "multipart form field " + field + " must hold a CSV file, but was missing");
        }
        return f;
    }

    /** The framework context, for what the call does not wrap. */
    Context context() {
        return ctx;
    }
}
