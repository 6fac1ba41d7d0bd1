package org.coordination.ledger.structure.command;

import org.coordination.ledger.contract.structure.Appointee;
import org.coordination.ledger.contract.structure.Eligibility;
import org.coordination.ledger.contract.structure.ServiceLine;

/** A post as the aggregate needs it to decide; {@code holder} is null while vacant. */
record PostState(String title, ServiceLine line, String parentPostId, String appointingAuthority,
                 String acceptanceAuthority, Eligibility eligibility, Appointee holder) {

    PostState withHolder(Appointee newHolder) {
        return new PostState(title, line, parentPostId, appointingAuthority, acceptanceAuthority, eligibility, newHolder);
    }

    boolean admits(Appointee appointee) {
        return switch (eligibility) {
            case ANY -> true;
            case CIVILIAN_ONLY -> appointee.service() == ServiceLine.CIVILIAN;
            case MILITARY_ONLY -> appointee.service() == ServiceLine.MILITARY;
        };
    }
}
