package io.rambla.web;

import io.micronaut.context.BeanProvider;
import io.micronaut.context.event.BeanCreatedEvent;
import io.micronaut.runtime.event.annotation.EventListener;
import io.micronaut.runtime.server.event.ServerStartupEvent;
import io.micronaut.context.event.BeanCreatedEventListener;
import io.micronaut.http.netty.channel.ChannelPipelineCustomizer;
import io.micronaut.http.server.netty.NettyServerCustomizer;
import io.micrometer.core.instrument.MeterRegistry;
import io.netty.channel.Channel;
import io.rambla.metrics.WebhookMetricsFilter;
import java.util.Optional;
import java.util.function.Function;
import jakarta.inject.Singleton;

/** Puts a {@link RequestLimits} behind the HTTP codec of every connection the server accepts. */
@Singleton
public class RequestLimitsCustomizer implements BeanCreatedEventListener<NettyServerCustomizer.Registry> {

    private final HttpLimits limits;
    private final RequestLimits.Slots slots;
    private final RequestLimits.HeaderCheck headerCheck;
    private final BeanProvider<GitHubWebhookController> webhooks;
    private final BeanProvider<GitLabWebhookController> gitlab;
    private final BeanProvider<GiteaWebhookController> gitea;

    /**
     * The controllers are looked up on the first delivery: the server is built before the
     * controllers. The GitLab and Gitea ones exist only when that host is chosen.
     */
    public RequestLimitsCustomizer(HttpLimits limits, BeanProvider<GitHubWebhookController> webhooks,
            BeanProvider<GitLabWebhookController> gitlab, BeanProvider<GiteaWebhookController> gitea, Optional<MeterRegistry> metrics) {
        this.limits = limits;
        this.webhooks = webhooks;
        this.gitlab = gitlab;
        this.gitea = gitea;
        this.slots = new RequestLimits.Slots(limits.webhooksInFlight());
        this.headerCheck = new RequestLimits.HeaderCheck() {
            @Override
            public Webhooks.Outcome refuse(String path, long declaredLength, Function<String, String> header) {
                if (path != null && path.startsWith("/webhooks/gitlab")) {
                    // Absent when GitLab is not the chosen host: routing answers 404.
                    return gitlab.isPresent() ? gitlab.get().webhooks().refuseOnHeaders(declaredLength, header) : null;
                }
                if (path != null && path.startsWith("/webhooks/gitea")) {
                    return gitea.isPresent() ? gitea.get().webhooks().refuseOnHeaders(declaredLength, header) : null;
                }
                // GitHub's, and any other path under /webhooks/: the strictest case.
                return webhooks.get().webhooks().refuseOnHeaders(declaredLength, header);
            }

            @Override
            public void answered(int status) {
                metrics.ifPresent(registry -> WebhookMetricsFilter.count(registry, status));
            }
        };
    }

    /** Builds the webhook controller at start, not on an event loop during the first delivery. */
    @EventListener
    void onStartup(ServerStartupEvent event) {
        webhooks.get();
        gitlab.ifPresent(controller -> {});
        gitea.ifPresent(controller -> {});
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
                        new RequestLimits(limits.readTimeout(), slots, headerCheck));
            }
        }
    }
}
