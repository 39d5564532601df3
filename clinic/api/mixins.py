"""Shared pieces of every serializer and viewset, so each resource only declares what differs."""

from collections.abc import Mapping

from rest_framework import mixins, serializers, viewsets

from clinic.access import Action, require, scope, site_ids_for

from .permissions import SiteRolePermission


class StrictInputMixin:
    """Refuse keys the resource does not know: a misspelt vital sign must not vanish silently."""

    def to_internal_value(self, data):
        if isinstance(data, Mapping):
            unknown = sorted(set(data) - set(self.fields))
            if unknown:
                raise serializers.ValidationError({name: ["Unknown field."] for name in unknown})
        return super().to_internal_value(data)


class CreateOnlyFieldsMixin:
    """`Meta.create_only_fields` are set once: moving a row to another site would split its record."""

    def get_fields(self):
        fields = super().get_fields()
        if self.instance is not None:
            for name in getattr(self.Meta, "create_only_fields", ()):
                fields[name].read_only = True
                fields[name].required = False
        return fields


class CheckedModelSerializer(StrictInputMixin, CreateOnlyFieldsMixin, serializers.ModelSerializer):
    """A direct write that needs no service: the role at the row's site, then `Model.full_clean()`.

    `full_clean()` runs the model's own rules and constraints, the same ones the admin runs, so
    the serializer adds no validators of its own.
    The role comes from the view's `write_action`, the one its permission class checks.
    """

    def get_validators(self):
        return []

    def create(self, validated_data):
        return self.save_checked(self.Meta.model(**validated_data))

    def update(self, instance, validated_data):
        for name, value in validated_data.items():
            setattr(instance, name, value)
        return self.save_checked(instance)

    def save_checked(self, instance):
        by = self.context["request"].user
        require(by, self.context["view"].write_action, instance.site_id)
        instance.full_clean()
        instance._history_user = by
        instance.save()
        return instance


class ScopedViewSetMixin:
    """Every list and lookup starts from the caller's sites: another site's row is a 404."""

    def get_queryset(self):
        return scope(super().get_queryset(), self.request.user)


class GroupWideViewSetMixin:
    """Catalogs shared by all sites (protocols, medicines): visible to anyone on a site's staff."""

    def get_queryset(self):
        queryset = super().get_queryset()
        return queryset if site_ids_for(self.request.user) else queryset.none()


class CheckedWriteViewSet(
    ScopedViewSetMixin,
    mixins.CreateModelMixin,
    mixins.RetrieveModelMixin,
    mixins.UpdateModelMixin,
    mixins.ListModelMixin,
    viewsets.GenericViewSet,
):
    """List, read, create and change, never delete: clinical rows stay (DELETE answers 405)."""

    permission_classes = [SiteRolePermission]
    write_action: Action
