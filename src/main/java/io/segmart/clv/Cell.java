package io.segmart.clv;

import java.io.Serializable;

/**
 * One cell of the histogram the models are fitted on: the customers with the same repeat purchases
 * {@code x}, time from the first to the last purchase {@code tx}, and time from the first purchase
 * to the calibration end {@code age}, in whole steps (days in the pipeline). Fitting on cells with
 * their counts gives the fit on the customers themselves, at a cost set by the number of distinct
 * cells.
 */
public record Cell(int x, int tx, int age, long customers) implements Serializable {}
