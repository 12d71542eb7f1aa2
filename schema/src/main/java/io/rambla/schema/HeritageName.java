package io.rambla.schema;

/**
 * Barcelona's heritage {@code name} named the heritage's stack, its ECS services
 * ({@code <name>-<service>}) and its log group. Rambla names everything after the application
 * folder and the environment, so the key is read, checked, and reported as unused.
 */
final class HeritageName {

    private HeritageName() {}

    static String warning(String name, String application, String environment) {
        return "`name` (Barcelona's heritage name \"" + name + "\") is not used by Rambla: this environment's stack, "
                + "services, task families and log groups are named after the application folder and the environment ("
                + application + "/" + environment + "); remove `name` to silence this warning";
    }
}
