/**
 * What tinybpf knows of its Go SDK ({@code sdk/} in the repository, module {@code tinybpf.io/sdk}):
 * where the installed copy is ({@link SdkLocation}), and the log records of its {@code log}
 * package ({@link LogSites}), which userspace formats with Go's fmt rules ({@link GoFormat}).
 */
package io.tinybpf.sdk;
