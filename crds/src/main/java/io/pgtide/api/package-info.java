/**
 * The pgtide API: the {@code DatabaseConnection} and {@code SyncJob} custom resources (group
 * {@code pgtide.io}, version {@code v1alpha1}, namespaced).
 *
 * <p>These classes are the source of truth: the CRDs in {@code crds/generated/} are generated from them
 * at build time by fabric8's crd-generator, with OpenAPI constraints from the {@code io.fabric8.generator
 * .annotation} annotations and CEL {@code x-kubernetes-validations} from {@link
 * io.fabric8.generator.annotation.ValidationRule}. Nothing here knows about databases.
 *
 * <p>Status classes leave out null fields when serialized: the operator and the runner each write
 * their own status fields with JSON merge patches, where an explicit {@code null} would delete the
 * other writer's field.
 */
package io.pgtide.api;
