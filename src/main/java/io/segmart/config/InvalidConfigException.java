package io.segmart.config;

/** A pipeline configuration that cannot be used; the message names the file and the field. */
public class InvalidConfigException extends RuntimeException {
  public InvalidConfigException(String message) {
    super(message);
  }

  public InvalidConfigException(String message, Throwable cause) {
    super(message, cause);
  }
}
