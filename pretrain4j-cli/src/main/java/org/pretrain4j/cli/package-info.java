/**
 * The {@code pretrain4j} command line: {@code list}, {@code describe}, {@code print-config}, {@code build}. Errors
 * are one or two readable lines on stderr; {@code --debug} adds the stack trace. Exit codes: 0 success, 2 usage or
 * config error, 1 anything else.
 */
package org.pretrain4j.cli;
