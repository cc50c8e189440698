package io.kubicle.apiserver.api.crd;

import io.kubicle.apiserver.api.ResourceType;

/** One served version of a CRD: its catalog row and its strategy. */
public record ServedVersion(ResourceType type, CustomResourceStrategy strategy) {
}
