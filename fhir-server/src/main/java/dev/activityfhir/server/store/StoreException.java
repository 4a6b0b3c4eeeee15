package dev.activityfhir.server.store;

import java.sql.SQLException;

/** A database operation of the harvest store failed; the cause says why. */
public final class StoreException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  StoreException(String message, SQLException cause) {
    super(message + ": " + cause.getMessage(), cause);
  }
}
