#!/usr/bin/env bash
# Sentence-encoder throughput: eaglelm's SentenceEncoder against LangChain4j's in-process
# AllMiniLmL6V2QuantizedEmbeddingModel (same int8 MiniLM, same ONNX Runtime), in alternating paired rounds of 64
# texts (EncoderShootout in eagle-embeddings' test sources). Prints the shootout's lines and one `bench-row:` line
# per text kind for `eagle bench`. Usage: bench/encoder-vs-langchain4j.sh [ROUNDS]  (EAGLE_BENCH_QUICK=1: 6 rounds)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
rounds="${1:-}"
if [[ -z "$rounds" ]]; then
  if [[ "${EAGLE_BENCH_QUICK:-0}" == 1 ]]; then rounds=6; else rounds=30; fi
fi
out="$(./mvnw -B -ntp -q -pl eagle-embeddings -am -Pbench verify -DskipTests -Dmaven.javadoc.skip=true \
  -Dbench.main=dev.eaglelm.embeddings.bench.EncoderShootout -Djmh.args="$rounds" 2>&1)" || {
  echo "$out" | tail -n 30 >&2
  exit 1
}
echo "$out" | grep -E '^(short|plot): ' || { echo "$out" | tail -n 30 >&2; exit 1; }
# e.g. "short: eaglelm 812 sentences/s, langchain4j 640 sentences/s (medians of 30 rounds of 64 texts); paired
#       ratio median 1.27x (quartiles 1.20x..1.31x)"
echo "$out" | sed -nE 's/^(short|plot): eaglelm ([0-9.]+) sentences\/s, langchain4j ([0-9.]+) sentences\/s \(medians of ([0-9]+) rounds of ([0-9]+) texts\); paired ratio median ([0-9.]+x) \(quartiles ([0-9.x.]+)\)/bench-row: encoder throughput, \1 texts, batches of \5 | \2 sentences\/s | LangChain4j \3 sentences\/s | eaglelm\/LangChain4j \6 (quartiles \7) | medians of \4 alternating paired rounds, same JVM/p'
