/**
 * Sentence encoders: {@link dev.eaglelm.embeddings.text.SentenceEncoder} (ONNX Runtime, DJL's tokenizers, mean pooling,
 * L2 normalisation) and the bundled all-MiniLM-L6-v2 int8 model ({@link dev.eaglelm.embeddings.text.BundledModel}).
 */
package dev.eaglelm.embeddings.text;
