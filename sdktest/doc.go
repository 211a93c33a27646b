// Package sdktest holds the project's request against the official Huawei
// Cloud Go SDK (services/hss/v5): the same inputs given to this client and
// to the SDK's give the same requests on the wire, the signer signs as the
// SDK's does, and the SDK's own client runs every export against the
// simulator. It is a module of its own so that the SDK never enters the
// provider's go.mod or binary.
package sdktest
