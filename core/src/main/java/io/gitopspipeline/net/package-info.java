/**
 * HTTP exchanges bounded in time and size: the deadline covers the whole answer, body included, and
 * the body's size is checked while it arrives, so a server that drips or floods its answer cannot
 * hang or exhaust the caller.
 */
package io.gitopspipeline.net;
