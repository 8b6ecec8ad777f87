"""Contains all the data models used in inputs/outputs"""

from .backed_event import BackedEvent
from .citation import Citation
from .citation_create import CitationCreate
from .citation_in import CitationIn
from .correction_note import CorrectionNote
from .csl_item import CslItem
from .csl_item_accessed import CslItemAccessed
from .csl_item_author_item import CslItemAuthorItem
from .csl_item_issued import CslItemIssued
from .deleted import Deleted
from .entity import Entity
from .entity_in import EntityIn
from .entity_kind import EntityKind
from .entity_link import EntityLink
from .entity_page import EntityPage
from .entity_patch import EntityPatch
from .entity_ref import EntityRef
from .entity_role import EntityRole
from .event import Event
from .event_in import EventIn
from .event_page import EventPage
from .event_patch import EventPatch
from .event_status import EventStatus
from .field_error import FieldError
from .health import Health
from .health_status import HealthStatus
from .import_counts import ImportCounts
from .import_format import ImportFormat
from .import_report import ImportReport
from .json_ld_item_list import JsonLdItemList
from .json_ld_item_list_item_list_element_item import JsonLdItemListItemListElementItem
from .json_ld_item_list_item_list_element_item_item import JsonLdItemListItemListElementItemItem
from .json_ld_item_list_item_list_element_item_item_citation_item import (
    JsonLdItemListItemListElementItemItemCitationItem,
)
from .json_ld_item_list_item_list_element_item_item_location import JsonLdItemListItemListElementItemItemLocation
from .key import Key
from .key_in import KeyIn
from .key_page import KeyPage
from .key_role import KeyRole
from .location import Location
from .location_patch import LocationPatch
from .media import Media
from .media_patch import MediaPatch
from .new_key import NewKey
from .o_embed import OEmbed
from .oembed_format import OembedFormat
from .order import Order
from .precision import Precision
from .problem_doc import ProblemDoc
from .replica_state import ReplicaState
from .reused_source import ReusedSource
from .revision import Revision
from .revision_page import RevisionPage
from .revision_state import RevisionState
from .source import Source
from .source_detail import SourceDetail
from .source_in import SourceIn
from .source_kind import SourceKind
from .source_page import SourcePage
from .source_patch import SourcePatch
from .stance import Stance
from .tag_count import TagCount
from .tag_page import TagPage
from .theme import Theme
from .timeline import Timeline
from .timeline_filter import TimelineFilter
from .timeline_filter_patch import TimelineFilterPatch
from .timeline_in import TimelineIn
from .timeline_js import TimelineJs
from .timeline_js_file import TimelineJsFile
from .timeline_js_file_events_item import TimelineJsFileEventsItem
from .timeline_js_file_events_item_end_date import TimelineJsFileEventsItemEndDate
from .timeline_js_file_events_item_media import TimelineJsFileEventsItemMedia
from .timeline_js_file_events_item_start_date import TimelineJsFileEventsItemStartDate
from .timeline_js_file_events_item_text import TimelineJsFileEventsItemText
from .timeline_js_file_title import TimelineJsFileTitle
from .timeline_js_file_title_text import TimelineJsFileTitleText
from .timeline_js_slide import TimelineJsSlide
from .timeline_js_slide_end_date import TimelineJsSlideEndDate
from .timeline_js_slide_media import TimelineJsSlideMedia
from .timeline_js_slide_start_date import TimelineJsSlideStartDate
from .timeline_js_slide_text import TimelineJsSlideText
from .timeline_js_title import TimelineJsTitle
from .timeline_js_title_text import TimelineJsTitleText
from .timeline_page import TimelinePage
from .timeline_patch import TimelinePatch
from .timeline_status import TimelineStatus

__all__ = (
    "BackedEvent",
    "Citation",
    "CitationCreate",
    "CitationIn",
    "CorrectionNote",
    "CslItem",
    "CslItemAccessed",
    "CslItemAuthorItem",
    "CslItemIssued",
    "Deleted",
    "Entity",
    "EntityIn",
    "EntityKind",
    "EntityLink",
    "EntityPage",
    "EntityPatch",
    "EntityRef",
    "EntityRole",
    "Event",
    "EventIn",
    "EventPage",
    "EventPatch",
    "EventStatus",
    "FieldError",
    "Health",
    "HealthStatus",
    "ImportCounts",
    "ImportFormat",
    "ImportReport",
    "JsonLdItemList",
    "JsonLdItemListItemListElementItem",
    "JsonLdItemListItemListElementItemItem",
    "JsonLdItemListItemListElementItemItemCitationItem",
    "JsonLdItemListItemListElementItemItemLocation",
    "Key",
    "KeyIn",
    "KeyPage",
    "KeyRole",
    "Location",
    "LocationPatch",
    "Media",
    "MediaPatch",
    "NewKey",
    "OEmbed",
    "OembedFormat",
    "Order",
    "Precision",
    "ProblemDoc",
    "ReplicaState",
    "ReusedSource",
    "Revision",
    "RevisionPage",
    "RevisionState",
    "Source",
    "SourceDetail",
    "SourceIn",
    "SourceKind",
    "SourcePage",
    "SourcePatch",
    "Stance",
    "TagCount",
    "TagPage",
    "Theme",
    "Timeline",
    "TimelineFilter",
    "TimelineFilterPatch",
    "TimelineIn",
    "TimelineJs",
    "TimelineJsFile",
    "TimelineJsFileEventsItem",
    "TimelineJsFileEventsItemEndDate",
    "TimelineJsFileEventsItemMedia",
    "TimelineJsFileEventsItemStartDate",
    "TimelineJsFileEventsItemText",
    "TimelineJsFileTitle",
    "TimelineJsFileTitleText",
    "TimelineJsSlide",
    "TimelineJsSlideEndDate",
    "TimelineJsSlideMedia",
    "TimelineJsSlideStartDate",
    "TimelineJsSlideText",
    "TimelineJsTitle",
    "TimelineJsTitleText",
    "TimelinePage",
    "TimelinePatch",
    "TimelineStatus",
)
