package io.rambla.schema;

/** An environment variable: a plain value, or a secret taken from SSM or Secrets Manager. Exactly one source is set. */
public record EnvironmentVariable(String name, String value, String valueFrom, String ssmPath) {}
