"""Contains all the data models used in inputs/outputs"""

from .backed_event import BackedEvent
from .backed_event_stance import BackedEventStance
from .citation import Citation
from .citation_create import CitationCreate
from .citation_create_stance import CitationCreateStance
from .citation_in import CitationIn
from .citation_in_stance import CitationInStance
from .citation_stance import CitationStance
from .correction_note import CorrectionNote
from .deleted import Deleted
from .embed_timeline_theme import EmbedTimelineTheme
from .entity import Entity
from .entity_in import EntityIn
from .entity_in_kind import EntityInKind
from .entity_kind import EntityKind
from .entity_link import EntityLink
from .entity_link_role import EntityLinkRole
from .entity_page import EntityPage
from .entity_patch import EntityPatch
from .entity_patch_kind_type_0 import EntityPatchKindType0
from .entity_ref import EntityRef
from .entity_ref_kind import EntityRefKind
from .entity_ref_role import EntityRefRole
from .event import Event
from .event_in import EventIn
from .event_in_status import EventInStatus
from .event_page import EventPage
from .event_patch import EventPatch
from .event_patch_status_type_0 import EventPatchStatusType0
from .event_precision import EventPrecision
from .event_status import EventStatus
from .export_timeline_format import ExportTimelineFormat
from .field_error import FieldError
from .health import Health
from .health_status import HealthStatus
from .import_counts import ImportCounts
from .import_events_format import ImportEventsFormat
from .import_events_json_body import ImportEventsJsonBody
from .import_events_json_body_events_item import ImportEventsJsonBodyEventsItem
from .import_events_json_body_title import ImportEventsJsonBodyTitle
from .import_report import ImportReport
from .import_report_format import ImportReportFormat
from .key import Key
from .key_in import KeyIn
from .key_in_role import KeyInRole
from .key_page import KeyPage
from .key_role import KeyRole
from .list_events_order import ListEventsOrder
from .list_events_stance import ListEventsStance
from .list_events_status import ListEventsStatus
from .list_tags_stance import ListTagsStance
from .list_tags_status import ListTagsStatus
from .list_timeline_events_order import ListTimelineEventsOrder
from .list_timeline_events_stance import ListTimelineEventsStance
from .list_timeline_events_status import ListTimelineEventsStatus
from .location import Location
from .location_patch import LocationPatch
from .media import Media
from .media_patch import MediaPatch
from .new_key import NewKey
from .new_key_role import NewKeyRole
from .o_embed import OEmbed
from .oembed_format import OembedFormat
from .problem_doc import ProblemDoc
from .reused_source import ReusedSource
from .revision import Revision
from .revision_page import RevisionPage
from .revision_state import RevisionState
from .source import Source
from .source_detail import SourceDetail
from .source_detail_kind import SourceDetailKind
from .source_in import SourceIn
from .source_in_kind import SourceInKind
from .source_kind import SourceKind
from .source_page import SourcePage
from .source_patch import SourcePatch
from .source_patch_kind_type_0 import SourcePatchKindType0
from .tag_count import TagCount
from .tag_page import TagPage
from .timeline import Timeline
from .timeline_filter import TimelineFilter
from .timeline_filter_patch import TimelineFilterPatch
from .timeline_filter_patch_stance_type_0 import TimelineFilterPatchStanceType0
from .timeline_filter_stance_type_0 import TimelineFilterStanceType0
from .timeline_in import TimelineIn
from .timeline_in_status import TimelineInStatus
from .timeline_in_theme import TimelineInTheme
from .timeline_page import TimelinePage
from .timeline_patch import TimelinePatch
from .timeline_patch_status_type_0 import TimelinePatchStatusType0
from .timeline_patch_theme_type_0 import TimelinePatchThemeType0
from .timeline_status import TimelineStatus
from .timeline_theme import TimelineTheme

__all__ = (
    "BackedEvent",
    "BackedEventStance",
    "Citation",
    "CitationCreate",
    "CitationCreateStance",
    "CitationIn",
    "CitationInStance",
    "CitationStance",
    "CorrectionNote",
    "Deleted",
    "EmbedTimelineTheme",
    "Entity",
    "EntityIn",
    "EntityInKind",
    "EntityKind",
    "EntityLink",
    "EntityLinkRole",
    "EntityPage",
    "EntityPatch",
    "EntityPatchKindType0",
    "EntityRef",
    "EntityRefKind",
    "EntityRefRole",
    "Event",
    "EventIn",
    "EventInStatus",
    "EventPage",
    "EventPatch",
    "EventPatchStatusType0",
    "EventPrecision",
    "EventStatus",
    "ExportTimelineFormat",
    "FieldError",
    "Health",
    "HealthStatus",
    "ImportCounts",
    "ImportEventsFormat",
    "ImportEventsJsonBody",
    "ImportEventsJsonBodyEventsItem",
    "ImportEventsJsonBodyTitle",
    "ImportReport",
    "ImportReportFormat",
    "Key",
    "KeyIn",
    "KeyInRole",
    "KeyPage",
    "KeyRole",
    "ListEventsOrder",
    "ListEventsStance",
    "ListEventsStatus",
    "ListTagsStance",
    "ListTagsStatus",
    "ListTimelineEventsOrder",
    "ListTimelineEventsStance",
    "ListTimelineEventsStatus",
    "Location",
    "LocationPatch",
    "Media",
    "MediaPatch",
    "NewKey",
    "NewKeyRole",
    "OEmbed",
    "OembedFormat",
    "ProblemDoc",
    "ReusedSource",
    "Revision",
    "RevisionPage",
    "RevisionState",
    "Source",
    "SourceDetail",
    "SourceDetailKind",
    "SourceIn",
    "SourceInKind",
    "SourceKind",
    "SourcePage",
    "SourcePatch",
    "SourcePatchKindType0",
    "TagCount",
    "TagPage",
    "Timeline",
    "TimelineFilter",
    "TimelineFilterPatch",
    "TimelineFilterPatchStanceType0",
    "TimelineFilterStanceType0",
    "TimelineIn",
    "TimelineInStatus",
    "TimelineInTheme",
    "TimelinePage",
    "TimelinePatch",
    "TimelinePatchStatusType0",
    "TimelinePatchThemeType0",
    "TimelineStatus",
    "TimelineTheme",
)
