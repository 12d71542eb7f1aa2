package io.rambla.web;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpStatusClass;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.util.ReferenceCountUtil;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One connection's guard, in front of Micronaut's own handlers. Two rules:
 * <ul>
 *   <li><b>read timeout</b>: while the server waits for input (from the connection's opening, or
 *       since its last answer) the next request must arrive whole, headers and body, within
 *       {@code readTimeout}; otherwise the connection is closed. Slow senders cannot hold it open.</li>
 *   <li><b>webhook bodies in flight</b>: a signed {@code POST} under {@code /webhooks/} (the only
 *       kind whose body is read) takes one of a fixed number of slots until its answer is written;
 *       with none free it is answered 503 and the connection closed before a byte of its body is read.</li>
 * </ul>
 * An answer written before its request's body was fully received (a refusal on the headers)
 * closes the connection, so the rest of the body is never read. Runs on the connection's event
 * loop, so its state needs no locks; only the slot counter is shared.
 */
final class RequestLimits extends ChannelDuplexHandler {

    private static final Logger LOG = LoggerFactory.getLogger(RequestLimits.class);
    static final String NAME = "rambla-request-limits";
    static final String WEBHOOKS = "/webhooks/";

    /** The webhook checks that need no body ({@link Webhooks#refuseOnHeaders}, for each host). */
    interface HeaderCheck {
        /**
         * @param path   the decoded path, which says which host's checks apply; null when it cannot be decoded
         * @param header the request's header of that name, or null
         */
        Webhooks.Outcome refuse(String path, long declaredLength, java.util.function.Function<String, String> header);

        /** A webhook answered here, past Micronaut's filters: counted with the others. */
        default void answered(int status) {}
    }

    /** The slots shared by every connection of one server. */
    static final class Slots {
        private final int max;
        private static final long LOG_EVERY_NANOS = TimeUnit.SECONDS.toNanos(10);
        private final AtomicInteger taken = new AtomicInteger();
        private final AtomicLong refusals = new AtomicLong();
        private final AtomicLong lastLogged = new AtomicLong();

        Slots(int max) {
            this.max = max;
        }

        boolean take() {
            while (true) {
                int now = taken.get();
                if (now >= max) {
                    return false;
                }
                if (taken.compareAndSet(now, now + 1)) {
                    return true;
                }
            }
        }

        void give() {
            taken.decrementAndGet();
        }

        /** Counts a refusal; logs at most one line per ten seconds, so a flood cannot flood the log too. */
        void refused(Logger log) {
            long count = refusals.incrementAndGet();
            long now = System.nanoTime();
            long last = lastLogged.get();
            if ((last == 0 || now - last >= LOG_EVERY_NANOS) && lastLogged.compareAndSet(last, now)) {
                log.warn("webhook deliveries refused with 503: {} being received already (rambla.http.webhooks-in-flight); {} refused so far",
                        max, count);
            }
        }

        int taken() {
            return taken.get();
        }
    }

    private final long readTimeoutNanos;
    private final Slots slots;
    private final HeaderCheck headerCheck;
    private ScheduledFuture<?> deadline;
    /** A request's headers arrived and its last content has not. */
    private boolean receiving;
    /** Everything still arriving on this connection is dropped: it is being closed. */
    private boolean discarding;
    private boolean holdsSlot;

    RequestLimits(Duration readTimeout, Slots slots, HeaderCheck headerCheck) {
        this.readTimeoutNanos = readTimeout.toNanos();
        this.slots = slots;
        this.headerCheck = headerCheck;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        if (ctx.channel().isActive()) {
            arm(ctx);
        }
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        arm(ctx);
        super.channelActive(ctx);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
        if (discarding) {
            ReferenceCountUtil.release(msg);
            return;
        }
        if (msg instanceof HttpRequest request) {
            // A request without a body is whole once its head is here (an answer may come before its empty last content).
            long declared = declaredLength(request);
            receiving = HttpUtil.isTransferEncodingChunked(request) || declared != 0;
            if (!receiving) {
                disarm();
            }
            if (HttpMethod.POST.equals(request.method()) && isWebhook(request.uri())) {
                // Refused on its headers here, on the event loop, at the cost of a few header lookups:
                // a flood of unsigned bodies never reaches routing, filters or a slot.
                Webhooks.Outcome refused = headerCheck.refuse(decodedPath(request.uri()), declared, request.headers()::get);
                if (refused != null) {
                    ReferenceCountUtil.release(msg);
                    headerCheck.answered(refused.status());
                    refuse(ctx, HttpResponseStatus.valueOf(refused.status()), refused.result());
                    return;
                }
                if (!slots.take()) {
                    slots.refused(LOG);
                    headerCheck.answered(HttpResponseStatus.SERVICE_UNAVAILABLE.code());
                    ReferenceCountUtil.release(msg);
                    refuse(ctx, HttpResponseStatus.SERVICE_UNAVAILABLE, "too many webhook deliveries at once; GitHub retries later");
                    return;
                }
                holdsSlot = true;
            }
        }
        if (msg instanceof LastHttpContent && receiving) {
            // Whole now. (A bodiless request was whole at its head, and may have been answered
            // already: its empty last content must not cancel the wait for the next request.)
            receiving = false;
            disarm();
        }
        super.channelRead(ctx, msg);
    }

    /** The Content-Length, 0 without one, -1 when it is not a number (the codec and Micronaut refuse those). */
    private static long declaredLength(HttpRequest request) {
        try {
            return HttpUtil.getContentLength(request, 0L);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** The path percent-decoded and without its query, as routing sees it; null when it cannot be decoded. */
    static String decodedPath(String uri) {
        try {
            return new QueryStringDecoder(uri).path();
        } catch (IllegalArgumentException malformed) {
            return null;
        }
    }

    /** Percent-decoded and without its query, as routing sees it, so {@code /%77ebhooks/github} counts too. */
    static boolean isWebhook(String uri) {
        try {
            return new QueryStringDecoder(uri).path().startsWith(WEBHOOKS);
        } catch (IllegalArgumentException malformed) {
            return true; // treated as the strictest case; routing refuses it anyway
        }
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) throws Exception {
        boolean informational = msg instanceof HttpResponse r && r.status().codeClass() == HttpStatusClass.INFORMATIONAL;
        if (informational) {
            // 100 Continue: the client is asked for the body, this is not the answer.
            super.write(ctx, msg, promise);
            return;
        }
        if (msg instanceof HttpResponse response && receiving) {
            // Answered on its headers alone: do not read the rest of the body, close instead.
            HttpUtil.setKeepAlive(response, false);
            stopReading(ctx);
        }
        if (msg instanceof HttpResponse) {
            releaseSlot();
        }
        if (msg instanceof LastHttpContent) {
            if (discarding) {
                promise = promise.unvoid();
                promise.addListener(ChannelFutureListener.CLOSE);
            } else {
                arm(ctx);
            }
        }
        super.write(ctx, msg, promise);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        disarm();
        releaseSlot();
        super.channelInactive(ctx);
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        disarm();
        releaseSlot();
    }

    /** Nothing more of this connection is read: what was read already is dropped, the socket is left unread until it closes. */
    private void stopReading(ChannelHandlerContext ctx) {
        discarding = true;
        ctx.channel().config().setAutoRead(false);
    }

    private void releaseSlot() {
        if (holdsSlot) {
            holdsSlot = false;
            slots.give();
        }
    }

    private void arm(ChannelHandlerContext ctx) {
        disarm();
        deadline = ctx.executor().schedule(() -> expire(ctx), readTimeoutNanos, TimeUnit.NANOSECONDS);
    }

    private void disarm() {
        if (deadline != null) {
            deadline.cancel(false);
            deadline = null;
        }
    }

    private void expire(ChannelHandlerContext ctx) {
        deadline = null;
        if (!ctx.channel().isActive()) {
            return;
        }
        if (receiving) {
            LOG.debug("closing {}: the request did not arrive whole in time", ctx.channel().remoteAddress());
            refuse(ctx, HttpResponseStatus.REQUEST_TIMEOUT, "the request did not arrive whole in time");
        } else {
            ctx.close();
        }
    }

    private void refuse(ChannelHandlerContext ctx, HttpResponseStatus status, String result) {
        stopReading(ctx);
        disarm();
        byte[] body = ("{\"result\":\"" + result.replace("\\", "\\\\").replace("\"", "\\\"") + "\"}").getBytes(StandardCharsets.UTF_8);
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, Unpooled.wrappedBuffer(body));
        response.headers().set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.APPLICATION_JSON)
                .setInt(HttpHeaderNames.CONTENT_LENGTH, body.length)
                .set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        // Straight to the socket, past Micronaut's handlers, which never saw this request.
        ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
    }
}
