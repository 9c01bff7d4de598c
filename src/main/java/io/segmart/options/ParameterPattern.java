package io.segmart.options;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The form an option's value must have, as a regular expression: checked when a run starts, and
 * published as the parameter's regex in the Flex Template metadata.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface ParameterPattern {
  String value();
}
