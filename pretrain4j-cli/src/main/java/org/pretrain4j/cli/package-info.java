/**
 * The {@code pretrain4j} command line: training and evaluation ({@code train}, {@code test}, {@code predict}), features
 * ({@code extract}, {@code knn}, {@code retrieve}, {@code search}), inspection ({@code list}, {@code describe},
 * {@code print-config}, {@code build}), {@code benchmark} and {@code convert}, one class per command. Errors
 * are one or two readable lines on stderr; {@code --debug} adds the stack trace. Exit codes: 0 success, 2 usage or
 * config error, 1 anything else.
 */
package org.pretrain4j.cli;
