package io.rambla.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.core.OutputStreamAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class LogFormatTest {

    private final ByteArrayOutputStream errBytes = new ByteArrayOutputStream();
    private final PrintStream err = new PrintStream(errBytes, true, StandardCharsets.UTF_8);

    @Test
    void json_in_the_environment_selects_the_json_configuration() {
        var properties = new Properties();
        LogFormat.apply(Map.of("RAMBLA_LOG_FORMAT", "JSON"), properties, err);

        assertThat(properties.getProperty("logback.configurationFile")).isEqualTo("logback-json.xml");
    }

    @Test
    void text_or_nothing_keeps_logback_xml() {
        var properties = new Properties();
        LogFormat.apply(Map.of(), properties, err);
        LogFormat.apply(Map.of("RAMBLA_LOG_FORMAT", "text"), properties, err);

        assertThat(properties).doesNotContainKey("logback.configurationFile");
        assertThat(errBytes.toString(StandardCharsets.UTF_8)).isEmpty();
    }

    @Test
    void an_explicit_logback_configuration_file_wins() {
        var properties = new Properties();
        properties.setProperty("logback.configurationFile", "/etc/rambla/logback.xml");
        LogFormat.apply(Map.of("RAMBLA_LOG_FORMAT", "json"), properties, err);

        assertThat(properties.getProperty("logback.configurationFile")).isEqualTo("/etc/rambla/logback.xml");
    }

    @Test
    void an_unknown_format_is_reported_and_text_is_kept() {
        var properties = new Properties();
        LogFormat.apply(Map.of("RAMBLA_LOG_FORMAT", "yaml"), properties, err);

        assertThat(properties).doesNotContainKey("logback.configurationFile");
        assertThat(errBytes.toString(StandardCharsets.UTF_8)).contains("unknown log format 'yaml'");
    }

    private static byte[] encode(String resource, Map<String, String> mdc) throws Exception {
        var context = new LoggerContext();
        var configurator = new JoranConfigurator();
        configurator.setContext(context);
        configurator.doConfigure(LogFormatTest.class.getResource("/" + resource));
        var appender = (OutputStreamAppender<ch.qos.logback.classic.spi.ILoggingEvent>) context.getLogger("ROOT").getAppender("STDOUT");
        var logger = context.getLogger("io.rambla.reconcile.Reconciler");
        var event = new LoggingEvent("test", logger, Level.WARN, "{} failed: {}", null, new Object[] {"app/shop/production", "ROLLBACK_COMPLETE"});
        event.setMDCPropertyMap(mdc);
        byte[] line = appender.getEncoder().encode(event);
        context.stop();
        return line;
    }

    @Test
    void the_json_configuration_writes_one_object_per_line_with_the_mdc() throws Exception {
        byte[] line = encode("logback-json.xml", Map.of("unit", "app/shop/production", "revision", "4f2c9e1", "stack", "rambla-app-shop-production"));

        String text = new String(line, StandardCharsets.UTF_8);
        assertThat(text).endsWith("\n").doesNotContain("\n{");
        JsonNode json = new ObjectMapper().readTree(text);
        assertThat(json.path("level").asText()).isEqualTo("WARN");
        assertThat(json.path("loggerName").asText()).isEqualTo("io.rambla.reconcile.Reconciler");
        assertThat(json.path("formattedMessage").asText()).isEqualTo("app/shop/production failed: ROLLBACK_COMPLETE");
        assertThat(json.path("mdc").path("unit").asText()).isEqualTo("app/shop/production");
        assertThat(json.path("mdc").path("stack").asText()).isEqualTo("rambla-app-shop-production");
    }

    @Test
    void the_text_pattern_shows_unit_revision_and_stack() throws Exception {
        byte[] line = encode("logback.xml", Map.of("unit", "app/shop/production", "revision", "4f2c9e1", "stack", "rambla-app-shop-production"));

        assertThat(new String(line, StandardCharsets.UTF_8))
                .contains("WARN  [app/shop/production 4f2c9e1 rambla-app-shop-production] i.r.r.Reconciler - app/shop/production failed");
    }
}
