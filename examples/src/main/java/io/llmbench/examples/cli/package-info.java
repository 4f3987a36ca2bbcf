/**
 * The {@code llmbench} command-line tool: {@link io.llmbench.examples.cli.Llmbench#main} is the
 * {@code Main-Class} of {@code examples/target/llmbench.jar}.
 *
 * <pre>
 * java -jar examples/target/llmbench.jar demo                    # everything end to end, about a minute
 * java -jar llmbench.jar run --url http://localhost:8000/v1 --model llama-8b --api-key-env API_KEY \
 *     --concurrency 16 --requests 200 --slo ttft=500            # benchmark, store, report
 * java -jar llmbench.jar models                                  # what the store holds
 * java -jar llmbench.jar predict --endpoint llama-8b --input-tokens 2000 --output-tokens 300 --concurrency 8
 * </pre>
 *
 * <p>Every command has {@code --help}. Errors are one line on standard error and a non-zero exit
 * code ({@link io.llmbench.examples.cli.Llmbench#USAGE} for a wrong flag, naming it and its value);
 * {@code --verbose} adds the stack trace. API keys come from {@code --api-key-env VAR} (or
 * {@code --api-key}) and are never printed, stored or reported. The default store is the H2 file
 * {@code ./llmbench-out/llmbench.mv.db}; {@code --store} takes another path or a JDBC URL
 * (PostgreSQL included).
 *
 * <p><b>Nulls:</b> internal package; fields of option classes are null when the flag was not given.
 * <b>Threads:</b> a command runs on the calling thread; progress listeners are called from the
 * benchmark's threads and synchronise themselves. <b>Units:</b> milliseconds for latencies, tokens
 * per second for token rates, requests per second for request rates, as in {@code io.llmbench.core}.
 */
package io.llmbench.examples.cli;
