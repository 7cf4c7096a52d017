/**
 * The MovieLens content-gap demo behind {@code eagle demo}: data location and download
 * ({@link dev.eaglelm.examples.demo.DataLocator}, {@link dev.eaglelm.examples.demo.DataFetcher}), a synthetic
 * stand-in catalogue, the pipeline ({@link dev.eaglelm.examples.demo.DemoPipeline}) and its plots.
 */
package dev.eaglelm.examples.demo;
