package io.smartgrid.testsupport;

/** One Azurite (blob storage) for a test class. */
public final class AzuriteExtension extends ServerExtension<Azurite> {
    @Override
    protected Azurite start() throws Exception {
        return new Azurite();
    }
}
