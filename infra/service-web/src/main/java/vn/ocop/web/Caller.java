package vn.ocop.web;

import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Who makes the request, from a validated token: the subject, its roles and, for a producer, the
 * producer it acts for. Controllers take it as a method parameter.
 */
public record Caller(String subject, Set<Role> roles, Optional<UUID> producerId) {

    public boolean is(Role role) {
        return roles.contains(role);
    }

    /** True for the admin, and for a producer acting on its own records. */
    public boolean mayActFor(UUID producer) {
        return is(Role.ADMIN)
                || (is(Role.PRODUCER) && producerId.filter(producer::equals).isPresent());
    }
}
