package io.mqlengine.service;

import io.mqlengine.model.Emails;
import io.mqlengine.identity.Hmac;
import io.mqlengine.model.EventType;
import io.mqlengine.json.Problem;
import io.mqlengine.validation.Route;
import io.mqlengine.validation.TrackingRequest;
import java.util.ArrayList;
import java.util.List;

/**
 * The identify signature check of a deployment with an identity secret: an identify with an email must carry
 * {@code userHash}, the HMAC-SHA256 of the normalised email. Without a secret every event passes.
 */
final class IdentifySignatures {
    private final Hmac hmac;

    /** {@code secret} empty to accept identify calls without a signature. */
    IdentifySignatures(String secret) {
        this.hmac = secret.isEmpty() ? null : new Hmac(secret);
    }

    /** The events of {@code accepted} that pass; each one that does not is added to {@code rejected}. */
    List<TrackingRequest.Accepted> verify(Route route, List<TrackingRequest.Accepted> accepted,
                                          List<TrackingRequest.Rejected> rejected) {
        List<TrackingRequest.Accepted> passed = new ArrayList<>();
        for (TrackingRequest.Accepted a : accepted) {
            // only an email claim links a lead to a lead: traits alone need no signature
            if (a.event().type() == EventType.IDENTIFY && hmac != null && a.event().email() != null
                    && !hmac.verifyHex(Emails.normalise(a.event().email()), a.userHash())) {
                rejected.add(new TrackingRequest.Rejected(a.index(), a.event().eventId(), List.of(new Problem(
                        route.eventPath(a.index()) + ".userHash", "is missing or does not match the email; this "
                        + "deployment requires identify calls with an email to be signed with HMAC-SHA256 of the "
                        + "normalised email"))));
            } else {
                passed.add(a);
            }
        }
        return passed;
    }
}
