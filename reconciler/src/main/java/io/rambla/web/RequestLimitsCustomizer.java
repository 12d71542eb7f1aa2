package io.rambla.web;

import io.micronaut.context.event.BeanCreatedEvent;
import io.micronaut.context.event.BeanCreatedEventListener;
import io.micronaut.http.netty.channel.ChannelPipelineCustomizer;
import io.micronaut.http.server.netty.NettyServerCustomizer;
import io.netty.channel.Channel;
import jakarta.inject.Singleton;

/** Puts a {@link RequestLimits} behind the HTTP codec of every connection the server accepts. */
@Singleton
public class RequestLimitsCustomizer implements BeanCreatedEventListener<NettyServerCustomizer.Registry> {

    private final HttpLimits limits;
    private final RequestLimits.Slots slots;

    public RequestLimitsCustomizer(HttpLimits limits) {
        this.limits = limits;
        this.slots = new RequestLimits.Slots(limits.webhooksInFlight());
    }

    /** Webhook bodies being received now; for tests. */
    int webhooksInFlight() {
        return slots.taken();
    }

    @Override
    public NettyServerCustomizer.Registry onCreated(BeanCreatedEvent<NettyServerCustomizer.Registry> event) {
        event.getBean().register(new PerConnection(null));
        return event.getBean();
    }

    private final class PerConnection implements NettyServerCustomizer {
        private final Channel channel;

        PerConnection(Channel channel) {
            this.channel = channel;
        }

        @Override
        public NettyServerCustomizer specializeForChannel(Channel channel, ChannelRole role) {
            return role == ChannelRole.CONNECTION ? new PerConnection(channel) : this;
        }

        @Override
        public void onStreamPipelineBuilt() {
            if (channel != null && channel.pipeline().get(ChannelPipelineCustomizer.HANDLER_HTTP_SERVER_CODEC) != null
                    && channel.pipeline().get(RequestLimits.NAME) == null) {
                channel.pipeline().addAfter(ChannelPipelineCustomizer.HANDLER_HTTP_SERVER_CODEC, RequestLimits.NAME,
                        new RequestLimits(limits.readTimeout(), slots));
            }
        }
    }
}
