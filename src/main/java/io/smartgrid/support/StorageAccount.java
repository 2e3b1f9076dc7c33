package io.smartgrid.support;

import com.azure.storage.blob.BlobServiceClient;

import java.util.Optional;

/**
 * The Azure (or Azurite) storage account both roles use: a standard connection string, from the environment or a
 * file, and the account name that only names the Camel endpoint.
 *
 * @param connectionString {@code smartgrid.azure.connection-string} (or its {@code -file})
 * @param account          {@code smartgrid.azure.account}
 */
public record StorageAccount(Secret connectionString, String account) {
    public static StorageAccount read(SettingValues settings) {
        return new StorageAccount(settings.secret("smartgrid.azure.connection-string"), settings.text("smartgrid.azure.account"));
    }

    /** The client, when a connection string is configured; {@code tries} as {@link BlobClients#fromConnectionString}. */
    public Optional<BlobServiceClient> client(int tries) {
        return connectionString.isSet()
                ? Optional.of(BlobClients.fromConnectionString(connectionString.reveal(), tries)) : Optional.empty();
    }
}
