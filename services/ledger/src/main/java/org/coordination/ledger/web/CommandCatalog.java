package org.coordination.ledger.web;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.coordination.ledger.contract.common.LedgerCommand;
import org.coordination.ledger.contract.consent.GrantConsent;
import org.coordination.ledger.contract.consent.ObjectToContributor;
import org.coordination.ledger.contract.consent.OpenConsentRegister;
import org.coordination.ledger.contract.consent.WithdrawConsent;
import org.coordination.ledger.contract.consent.WithdrawObjection;
import org.coordination.ledger.contract.contribution.AcknowledgeRulesOfEngagement;
import org.coordination.ledger.contract.contribution.CommitContribution;
import org.coordination.ledger.contract.contribution.DeclareCaveat;
import org.coordination.ledger.contract.contribution.JoinForce;
import org.coordination.ledger.contract.contribution.LiftCaveat;
import org.coordination.ledger.contract.contribution.RejectContribution;
import org.coordination.ledger.contract.contribution.ResumeContribution;
import org.coordination.ledger.contract.contribution.SuspendContribution;
import org.coordination.ledger.contract.contribution.TransferAuthority;
import org.coordination.ledger.contract.contribution.WithdrawContribution;
import org.coordination.ledger.contract.force.ActivateForce;
import org.coordination.ledger.contract.force.DefineForceRequirement;
import org.coordination.ledger.contract.force.EstablishForce;
import org.coordination.ledger.contract.force.IssueRulesOfEngagement;
import org.coordination.ledger.contract.humanitarian.AdmitPartner;
import org.coordination.ledger.contract.humanitarian.ExcludeOrganization;
import org.coordination.ledger.contract.humanitarian.FormHumanitarianCoalition;
import org.coordination.ledger.contract.humanitarian.LiftExclusion;
import org.coordination.ledger.contract.humanitarian.RecordVetting;
import org.coordination.ledger.contract.humanitarian.RemovePartner;
import org.coordination.ledger.contract.humanitarian.SetMembershipCap;
import org.coordination.ledger.contract.humanitarian.SuspendPartner;
import org.coordination.ledger.contract.mandate.AmendMandate;
import org.coordination.ledger.contract.mandate.AuthorizeMandate;
import org.coordination.ledger.contract.mandate.EndMandate;
import org.coordination.ledger.contract.mandate.ExtendMandate;
import org.coordination.ledger.contract.structure.AppointLead;
import org.coordination.ledger.contract.structure.AssignCommandRelationship;
import org.coordination.ledger.contract.structure.AttachStaff;
import org.coordination.ledger.contract.structure.DetachStaff;
import org.coordination.ledger.contract.structure.EstablishCommandStructure;
import org.coordination.ledger.contract.structure.EstablishPost;
import org.coordination.ledger.contract.structure.RevokeCommandRelationship;
import org.coordination.ledger.contract.structure.VacatePost;
import org.coordination.ledger.security.Role;

/**
 * The commands people issue over HTTP, by their kebab-case name, with who may issue them (docs/api.md,
 * "Who may do what"). Commands only policies send (SatisfyCondition, BlockContribution, …) are absent.
 */
public final class CommandCatalog {

    /** Whose the target is, for roles bound to a nation or a party. */
    public enum Ownership {
        /** role alone decides */
        NONE,
        /** the body's {@code nation} must be the liaison's */
        NATION_IN_BODY,
        /** the pledge named by {@code contributionId} must be the liaison's nation's */
        CONTRIBUTION_OF_NATION,
        /** the body's {@code party} must be the party's (coordinators may open any register) */
        PARTY_IN_BODY,
        /** the register named by {@code registerId} must be the party's */
        REGISTER_OF_PARTY
    }

    public record Entry(String name, Class<? extends LedgerCommand> type, String aggregateType, Set<Role> roles,
                        Ownership ownership) {
    }

    private static final Map<String, Entry> ENTRIES = new LinkedHashMap<>();

    static {
        Set<Role> registrar = Set.of(Role.REGISTRAR);
        Set<Role> coordinator = Set.of(Role.COORDINATOR);
        Set<Role> liaison = Set.of(Role.LIAISON);
        Set<Role> party = Set.of(Role.PARTY);
        add(AuthorizeMandate.class, "Mandate", registrar, Ownership.NONE);
        add(ExtendMandate.class, "Mandate", registrar, Ownership.NONE);
        add(AmendMandate.class, "Mandate", registrar, Ownership.NONE);
        add(EndMandate.class, "Mandate", registrar, Ownership.NONE);
        add(EstablishForce.class, "Force", coordinator, Ownership.NONE);
        add(DefineForceRequirement.class, "Force", coordinator, Ownership.NONE);
        add(IssueRulesOfEngagement.class, "Force", coordinator, Ownership.NONE);
        add(ActivateForce.class, "Force", coordinator, Ownership.NONE);
        add(JoinForce.class, "Contribution", liaison, Ownership.NATION_IN_BODY);
        add(AcknowledgeRulesOfEngagement.class, "Contribution", liaison, Ownership.CONTRIBUTION_OF_NATION);
        add(DeclareCaveat.class, "Contribution", liaison, Ownership.CONTRIBUTION_OF_NATION);
        add(LiftCaveat.class, "Contribution", liaison, Ownership.CONTRIBUTION_OF_NATION);
        add(CommitContribution.class, "Contribution", liaison, Ownership.CONTRIBUTION_OF_NATION);
        add(WithdrawContribution.class, "Contribution", liaison, Ownership.CONTRIBUTION_OF_NATION);
        add(TransferAuthority.class, "Contribution", coordinator, Ownership.NONE);
        add(RejectContribution.class, "Contribution", coordinator, Ownership.NONE);
        add(SuspendContribution.class, "Contribution", coordinator, Ownership.NONE);
        add(ResumeContribution.class, "Contribution", coordinator, Ownership.NONE);
        add(OpenConsentRegister.class, "ConsentRegister", Set.of(Role.COORDINATOR, Role.PARTY), Ownership.PARTY_IN_BODY);
        add(GrantConsent.class, "ConsentRegister", party, Ownership.REGISTER_OF_PARTY);
        add(WithdrawConsent.class, "ConsentRegister", party, Ownership.REGISTER_OF_PARTY);
        add(ObjectToContributor.class, "ConsentRegister", party, Ownership.REGISTER_OF_PARTY);
        add(WithdrawObjection.class, "ConsentRegister", party, Ownership.REGISTER_OF_PARTY);
        add(EstablishCommandStructure.class, "CommandStructure", coordinator, Ownership.NONE);
        add(EstablishPost.class, "CommandStructure", coordinator, Ownership.NONE);
        add(AppointLead.class, "CommandStructure", coordinator, Ownership.NONE);
        add(VacatePost.class, "CommandStructure", coordinator, Ownership.NONE);
        add(AssignCommandRelationship.class, "CommandStructure", coordinator, Ownership.NONE);
        add(RevokeCommandRelationship.class, "CommandStructure", coordinator, Ownership.NONE);
        add(AttachStaff.class, "CommandStructure", coordinator, Ownership.NONE);
        add(DetachStaff.class, "CommandStructure", coordinator, Ownership.NONE);
        add(FormHumanitarianCoalition.class, "HumanitarianCoalition", coordinator, Ownership.NONE);
        add(AdmitPartner.class, "HumanitarianCoalition", coordinator, Ownership.NONE);
        add(SetMembershipCap.class, "HumanitarianCoalition", coordinator, Ownership.NONE);
        add(RecordVetting.class, "HumanitarianCoalition", coordinator, Ownership.NONE);
        add(SuspendPartner.class, "HumanitarianCoalition", coordinator, Ownership.NONE);
        add(RemovePartner.class, "HumanitarianCoalition", coordinator, Ownership.NONE);
        add(ExcludeOrganization.class, "HumanitarianCoalition", coordinator, Ownership.NONE);
        add(LiftExclusion.class, "HumanitarianCoalition", coordinator, Ownership.NONE);
    }

    private CommandCatalog() {
    }

    private static void add(Class<? extends LedgerCommand> type, String aggregateType, Set<Role> roles, Ownership ownership) {
        String name = kebab(type.getSimpleName());
        ENTRIES.put(name, new Entry(name, type, aggregateType, roles, ownership));
    }

    /** AppointLead → appoint-lead */
    public static String kebab(String simpleName) {
        return simpleName.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase();
    }

    public static Optional<Entry> find(String name) {
        return Optional.ofNullable(ENTRIES.get(name));
    }

    public static Collection<Entry> all() {
        return ENTRIES.values();
    }

    public static List<String> names() {
        return List.copyOf(ENTRIES.keySet());
    }
}
