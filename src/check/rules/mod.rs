//! Every rule, one file each. [`RULES`] is the order `protokoll rules` lists them in.

pub mod adjuster_not_attendee;
pub mod agenda_item_without_paragraph;
pub mod agenda_title_mismatch;
pub mod anslag_deadline;
pub mod attendee_duplicate;
pub mod attendee_empty;
pub mod attendee_table_mismatch;
pub mod body_name_inconsistent;
pub mod body_name_mismatch;
pub mod chair_not_attendee;
pub mod dates_out_of_order;
pub mod duplicate_meeting;
pub mod duplicate_paragraph_text;
pub mod empty_list_item;
pub mod empty_paragraph;
pub mod file_name_date_mismatch;
pub mod file_not_utf8;
pub mod file_unreadable;
pub mod front_matter_malformed;
pub mod front_matter_missing;
pub mod invalid_date;
pub mod invalid_value;
pub mod justering_deadline;
pub mod malformed_paragraph_heading;
pub mod missing_required_key;
pub mod no_paragraphs;
pub mod numbering_continuity;
pub mod organisation_near_miss;
pub mod paragraph_missing_title;
pub mod paragraph_number_duplicate;
pub mod paragraph_number_gap;
pub mod paragraph_number_order;
pub mod paragraph_number_start;
pub mod paragraph_without_agenda_item;
pub mod paragraph_without_decision;
pub mod people;
pub mod person_near_miss;
pub mod personnummer;
pub mod present_and_absent;
pub mod previous_not_found;
pub mod required_by_profile;
pub mod secretary_not_attendee;
pub mod stray_punctuation;
pub mod structure;
pub mod substitute_not_serving;
pub mod toc_mismatch;
pub mod unknown_attribute;
pub mod unknown_body;
pub mod unknown_key;
pub mod unknown_role;
pub mod wrong_type;

use super::Rule;

/// Every rule, grouped: files and front matter, paragraphs, people and dates, the archive.
pub static RULES: &[&Rule] = &[
    &file_not_utf8::RULE,
    &file_unreadable::RULE,
    &front_matter_missing::RULE,
    &front_matter_malformed::RULE,
    &unknown_key::RULE,
    &wrong_type::RULE,
    &invalid_date::RULE,
    &invalid_value::RULE,
    &unknown_attribute::RULE,
    &missing_required_key::RULE,
    &file_name_date_mismatch::RULE,
    &malformed_paragraph_heading::RULE,
    &paragraph_missing_title::RULE,
    &paragraph_number_start::RULE,
    &paragraph_number_gap::RULE,
    &paragraph_number_duplicate::RULE,
    &paragraph_number_order::RULE,
    &no_paragraphs::RULE,
    &empty_paragraph::RULE,
    &duplicate_paragraph_text::RULE,
    &empty_list_item::RULE,
    &stray_punctuation::RULE,
    &agenda_title_mismatch::RULE,
    &agenda_item_without_paragraph::RULE,
    &paragraph_without_agenda_item::RULE,
    &toc_mismatch::RULE,
    &attendee_table_mismatch::RULE,
    &paragraph_without_decision::RULE,
    &attendee_empty::RULE,
    &attendee_duplicate::RULE,
    &chair_not_attendee::RULE,
    &secretary_not_attendee::RULE,
    &adjuster_not_attendee::RULE,
    &present_and_absent::RULE,
    &substitute_not_serving::RULE,
    &unknown_role::RULE,
    &required_by_profile::RULE,
    &dates_out_of_order::RULE,
    &justering_deadline::RULE,
    &anslag_deadline::RULE,
    &personnummer::RULE,
    &body_name_mismatch::RULE,
    &unknown_body::RULE,
    &previous_not_found::RULE,
    &numbering_continuity::RULE,
    &duplicate_meeting::RULE,
    &person_near_miss::RULE,
    &organisation_near_miss::RULE,
    &body_name_inconsistent::RULE,
];
