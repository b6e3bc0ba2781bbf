package org.pretrain4j.api;

/**
 * The version of this API that plugins are built against, and where a plugin declares it.
 *
 * <p>A plugin declares the API version it was compiled against in the main manifest of its jar, as
 * {@code Pretrain4j-Api-Version: 1}. The framework refuses to load a plugin whose declared version differs from
 * {@link #CURRENT}: a plugin built against another version may call methods that do not exist here, and it would
 * otherwise fail later with a {@link NoSuchMethodError} far from its cause. The version changes only when the API
 * changes incompatibly.
 */
public final class ApiVersion {
    /**
     * The API version of this framework-api. Kept equal to the build property {@code pretrain4j.api.version}, which
     * framework-api's own jar manifest also carries.
     */
    public static final int CURRENT = 1;

    /** The jar manifest attribute in which a plugin (and framework-api itself) declares its API version. */
    public static final String MANIFEST_ATTRIBUTE = "Pretrain4j-Api-Version";

    private ApiVersion() {}
}
