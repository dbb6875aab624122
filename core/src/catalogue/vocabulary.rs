//! The closed vocabularies of the catalogue: the four themes of ISO/IEC 27001:2022 Annex A and
//! the five attribute dimensions of ISO/IEC 27002:2022, spelled as the standard's tags without `#`.

use serde::{Deserialize, Serialize};

/// Declares a closed vocabulary: an enum whose wire names are the standard's tags, with the list of
/// all values in the standard's order.
macro_rules! vocabulary {
    ($(#[$meta:meta])* $name:ident { $($(#[$vmeta:meta])* $variant:ident = $tag:literal,)+ }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
        pub enum $name {
            $($(#[$vmeta])* #[serde(rename = $tag)] $variant,)+
        }

        impl $name {
            /// Every value, in the order the standard lists them.
            pub const ALL: &'static [Self] = &[$(Self::$variant,)+];

            /// The value as the standard's tag without `#`.
            pub fn as_str(self) -> &'static str {
                match self {
                    $(Self::$variant => $tag,)+
                }
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}

vocabulary! {
    /// The four themes that group the Annex A controls (clauses 5 to 8 of ISO/IEC 27002:2022).
    Theme {
        /// Clause 5: 37 organizational controls.
        Organizational = "organizational",
        /// Clause 6: 8 people controls.
        People = "people",
        /// Clause 7: 14 physical controls.
        Physical = "physical",
        /// Clause 8: 34 technological controls.
        Technological = "technological",
    }
}

vocabulary! {
    /// When a control acts relative to an incident.
    ControlType {
        /// Acts before an incident occurs.
        Preventive = "Preventive",
        /// Acts when an incident occurs.
        Detective = "Detective",
        /// Acts after an incident occurs.
        Corrective = "Corrective",
    }
}

vocabulary! {
    /// Which characteristic of information a control helps preserve.
    SecurityProperty {
        /// Confidentiality.
        Confidentiality = "Confidentiality",
        /// Integrity.
        Integrity = "Integrity",
        /// Availability.
        Availability = "Availability",
    }
}

vocabulary! {
    /// The cybersecurity concept (after ISO/IEC TS 27110) a control serves.
    CybersecurityConcept {
        /// Identify.
        Identify = "Identify",
        /// Protect.
        Protect = "Protect",
        /// Detect.
        Detect = "Detect",
        /// Respond.
        Respond = "Respond",
        /// Recover.
        Recover = "Recover",
    }
}

vocabulary! {
    /// The operational capability, as practitioners see it, that a control belongs to.
    OperationalCapability {
        /// Governance.
        Governance = "Governance",
        /// Asset management.
        AssetManagement = "Asset_management",
        /// Information protection.
        InformationProtection = "Information_protection",
        /// Human resource security.
        HumanResourceSecurity = "Human_resource_security",
        /// Physical security.
        PhysicalSecurity = "Physical_security",
        /// System and network security.
        SystemAndNetworkSecurity = "System_and_network_security",
        /// Application security.
        ApplicationSecurity = "Application_security",
        /// Secure configuration.
        SecureConfiguration = "Secure_configuration",
        /// Identity and access management.
        IdentityAndAccessManagement = "Identity_and_access_management",
        /// Threat and vulnerability management.
        ThreatAndVulnerabilityManagement = "Threat_and_vulnerability_management",
        /// Continuity.
        Continuity = "Continuity",
        /// Supplier relationships security.
        SupplierRelationshipsSecurity = "Supplier_relationships_security",
        /// Legal and compliance.
        LegalAndCompliance = "Legal_and_compliance",
        /// Information security event management.
        InformationSecurityEventManagement = "Information_security_event_management",
        /// Information security assurance.
        InformationSecurityAssurance = "Information_security_assurance",
    }
}

vocabulary! {
    /// The security domain a control contributes to.
    SecurityDomain {
        /// Governance and ecosystem.
        GovernanceAndEcosystem = "Governance_and_Ecosystem",
        /// Protection.
        Protection = "Protection",
        /// Defence.
        Defence = "Defence",
        /// Resilience.
        Resilience = "Resilience",
    }
}
