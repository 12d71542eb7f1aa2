package io.rambla.reconcile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rambla.render.RenderedUnit;
import io.rambla.render.Renderer;
import io.rambla.render.Unit;
import io.rambla.schema.InfraRepository;
import io.rambla.schema.LoadResult;
import io.rambla.schema.RepositoryLoader;
import java.io.IOException;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RenderCacheTest {

    @TempDir
    Path root;

    private static String district(String region, int clusterSize) {
        return """
                region: %s
                cidr_block: 10.20.0.0/16
                nat_type: none
                cluster_instance_type: t3.small
                cluster_size: %d
                endpoints:
                  - name: public
                    public: true
                """.formatted(region, clusterSize);
    }

    private static String app(String district, int priority, String tag) {
        return """
                environments:
                  production:
                    district: %s
                    image_name: public.ecr.aws/nginx/nginx
                    image_tag: "%s"
                    services:
                      - name: web
                        service_type: web
                        web_container_port: 80
                        listeners:
                          - endpoint: public
                            rule_priority: %d
                """.formatted(district, tag, priority);
    }

    /** Two districts, each with its endpoint and {@code appsEach} apps. */
    private Map<String, String> files(int appsEach) {
        Map<String, String> files = new LinkedHashMap<>();
        files.put("districts/east.yml", district("us-east-1", 1));
        files.put("districts/west.yml", district("us-west-2", 1));
        for (int i = 1; i <= appsEach; i++) {
            files.put("apps/east%03d/barcelona.yml".formatted(i), app("east", i, "1.0"));
            files.put("apps/west%03d/barcelona.yml".formatted(i), app("west", i, "1.0"));
        }
        return files;
    }

    private InfraRepository load(Map<String, String> files) throws IOException {
        for (var file : files.entrySet()) {
            Path path = root.resolve(file.getKey());
            Files.createDirectories(path.getParent());
            Files.writeString(path, file.getValue());
        }
        LoadResult loaded = RepositoryLoader.load(root);
        assertThat(loaded.errors()).isEmpty();
        return loaded.repository();
    }

    /** What a cache-less renderer gives, as the bodies, parameters and tags the sync would apply. */
    private static Map<String, String> applied(List<RenderedUnit> units) {
        Map<String, String> byUnit = new LinkedHashMap<>();
        units.forEach(u -> byUnit.put(u.id(), u.stack().stackName() + "\n" + u.stack().templateBody() + "\n" + u.stack().parameters()
                + "\n" + u.stack().tags()));
        return byUnit;
    }

    @Test
    void a_second_sync_of_an_unchanged_repository_reuses_every_unit_and_applies_the_same_stacks() throws IOException {
        var cache = new RenderCache();
        InfraRepository repository = load(files(3));
        List<RenderedUnit> first = cache.render("rb", repository);
        assertThat(cache.lastCounts()).isEqualTo(new RenderCache.Counts(0, 10));

        // Loaded again from disk: equal values, not the same objects.
        InfraRepository again = RepositoryLoader.load(root).repository();
        List<RenderedUnit> second = cache.render("rb", again);

        assertThat(cache.lastCounts()).isEqualTo(new RenderCache.Counts(10, 0));
        assertThat(applied(second)).isEqualTo(applied(first)).isEqualTo(applied(new Renderer("rb").render(again)));
        assertThat(second).extracting(RenderedUnit::unit).containsExactlyElementsOf(Renderer.units(again));
    }

    /** The units whose stack was rendered afresh rather than taken from {@code before} (another written body). */
    private static Set<String> reRendered(List<RenderedUnit> before, List<RenderedUnit> after) {
        Map<String, RenderedUnit> was = new LinkedHashMap<>();
        before.forEach(u -> was.put(u.id(), u));
        return after.stream().filter(u -> was.get(u.id()) == null
                        || was.get(u.id()).stack().writtenBody() != u.stack().writtenBody())
                .map(RenderedUnit::id).collect(Collectors.toSet());
    }

    @Test
    void one_byte_changed_in_a_district_file_re_renders_the_district_its_endpoint_and_every_app_on_it() throws IOException {
        var cache = new RenderCache();
        Map<String, String> files = files(3);
        List<RenderedUnit> before = cache.render("rb", load(files));

        files.put("districts/east.yml", district("us-east-1", 2)); // cluster_size: 1 -> 2, one byte
        InfraRepository changed = load(files);
        List<RenderedUnit> after = cache.render("rb", changed);

        assertThat(cache.lastCounts()).isEqualTo(new RenderCache.Counts(5, 5));
        assertThat(reRendered(before, after)).containsExactlyInAnyOrder("district/east", "endpoint/east/public",
                "app/east001/production", "app/east002/production", "app/east003/production");
        assertThat(applied(after)).isEqualTo(applied(new Renderer("rb").render(changed)));
        assertThat(applied(after).get("district/east")).isNotEqualTo(applied(before).get("district/east"));
    }

    @Test
    void an_app_file_changed_re_renders_that_app_only() throws IOException {
        var cache = new RenderCache();
        Map<String, String> files = files(3);
        List<RenderedUnit> before = cache.render("rb", load(files));

        files.put("apps/west002/barcelona.yml", app("west", 2, "1.1"));
        InfraRepository changed = load(files);
        List<RenderedUnit> after = cache.render("rb", changed);

        assertThat(cache.lastCounts()).isEqualTo(new RenderCache.Counts(9, 1));
        assertThat(reRendered(before, after)).containsExactly("app/west002/production");
        assertThat(applied(after)).isEqualTo(applied(new Renderer("rb").render(changed)));
        assertThat(applied(after).get("app/west002/production")).contains("1.1").isNotEqualTo(applied(before).get("app/west002/production"));
    }

    @Test
    void reused_units_keep_their_bodys_hash_and_verdict_without_the_template_and_a_changed_body_is_hashed_and_checked_anew()
            throws IOException {
        var cache = new RenderCache();
        Map<String, String> files = files(3);
        List<RenderedUnit> before = cache.render("rb", load(files));
        for (RenderedUnit unit : before) {
            var desired = new io.rambla.plan.DesiredState(unit.stack().stackName(), unit.stack().writtenBody(), Map.of(), unit.stack().tags());
            desired.hash();
            assertThat(desired.limitProblems()).isEmpty();
        }
        Map<String, Integer> computedBefore = new LinkedHashMap<>();
        before.forEach(u -> computedBefore.put(u.id(), u.stack().writtenBody().computed()));

        files.put("apps/west002/barcelona.yml", app("west", 2, "1.1"));
        List<RenderedUnit> after = cache.render("rb", load(files));

        for (RenderedUnit unit : after) {
            var desired = new io.rambla.plan.DesiredState(unit.stack().stackName(), unit.stack().writtenBody(), Map.of(), unit.stack().tags());
            assertThat(desired.hash()).isEqualTo(new io.rambla.plan.DesiredState(unit.stack().stackName(), unit.stack().templateBody(),
                    Map.of(), unit.stack().tags()).hash());
            assertThat(desired.limitProblems()).isEmpty();
        }
        for (RenderedUnit unit : after) {
            int computed = unit.stack().writtenBody().computed();
            if (unit.id().equals("app/west002/production")) {
                assertThat(computed).as("the changed body is checked and hashed anew").isEqualTo(2);
            } else {
                assertThat(computed).as(unit.id() + " answered from memory").isEqualTo(computedBefore.get(unit.id()));
                // Kept between syncs without its typed template: the body is all a reuse needs.
                assertThatThrownBy(() -> unit.stack().template()).isInstanceOf(IllegalStateException.class);
            }
        }
    }

    @Test
    void another_stack_prefix_renders_every_unit_afresh() throws IOException {
        var cache = new RenderCache();
        InfraRepository repository = load(files(2));
        cache.render("rb", repository);

        List<RenderedUnit> renamed = cache.render("other", repository);

        assertThat(cache.lastCounts()).isEqualTo(new RenderCache.Counts(0, 8));
        assertThat(renamed).allSatisfy(u -> assertThat(u.stack().stackName()).startsWith("other-"));
    }

    @Test
    void the_cache_holds_only_the_units_of_the_last_repository() throws IOException {
        var cache = new RenderCache();
        cache.render("rb", load(files(200)));
        assertThat(cache.size()).isEqualTo(404);

        deleteApps();
        cache.render("rb", load(files(1)));
        assertThat(cache.size()).isEqualTo(6);
        assertThat(cache.lastCounts()).isEqualTo(new RenderCache.Counts(6, 0));

        deleteApps();
        cache.render("rb", RepositoryLoader.load(root).repository());
        assertThat(cache.size()).isEqualTo(4);

        // Apps that left git and came back are rendered afresh, not served from an older sync.
        cache.render("rb", load(files(1)));
        assertThat(cache.lastCounts()).isEqualTo(new RenderCache.Counts(4, 2));
    }

    private void deleteApps() throws IOException {
        try (var paths = Files.walk(root.resolve("apps"))) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    /**
     * The cache compares units by value: every type a unit is made of must be a record, an enum, a
     * sealed interface of such, a string, a number, a boolean, or a list or map of them. A class
     * comparing by identity would only make the cache miss; a mutable one could make it serve a
     * stale template, so neither may creep in.
     */
    @Test
    void every_type_a_unit_is_made_of_compares_by_value() {
        List<String> offending = new ArrayList<>();
        check(Unit.class, new HashSet<>(), offending, "Unit");
        assertThat(offending).isEmpty();
    }

    private static void check(Type type, Set<Type> seen, List<String> offending, String path) {
        if (!seen.add(type)) {
            return;
        }
        if (type instanceof ParameterizedType parameterized) {
            Class<?> raw = (Class<?>) parameterized.getRawType();
            if (raw != List.class && raw != Map.class && raw != java.util.Optional.class && raw != Set.class) {
                offending.add(path + ": " + type);
            }
            for (Type argument : parameterized.getActualTypeArguments()) {
                check(argument, seen, offending, path + "<>");
            }
            return;
        }
        Class<?> cls = (Class<?>) type;
        if (cls.isPrimitive() || cls == String.class || cls == Integer.class || cls == Long.class || cls == Boolean.class
                || cls.isEnum()) {
            return;
        }
        if (cls.isRecord()) {
            for (RecordComponent component : cls.getRecordComponents()) {
                check(component.getGenericType(), seen, offending, path + "." + component.getName());
            }
            return;
        }
        if (cls.isInterface() && cls.isSealed()) {
            for (Class<?> permitted : cls.getPermittedSubclasses()) {
                check(permitted, seen, offending, path + "(" + permitted.getSimpleName() + ")");
            }
            return;
        }
        offending.add(path + ": " + cls.getName());
    }
}
