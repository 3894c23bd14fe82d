"""Readers' forms: signing up (the footer's, a listing page's and the sign-up page's), confirming, preferences."""

from __future__ import annotations

from django import forms

from newsletters.models import NewsletterList

PAUSES = [("7", "For a week"), ("30", "For a month"), ("", "Until I resume")]


class ListChoice(forms.ModelMultipleChoiceField):
    widget = forms.CheckboxSelectMultiple

    def label_from_instance(self, obj):
        return obj.name


class SignUpForm(forms.Form):
    email = forms.EmailField(max_length=254, label="Email address")
    lists = ListChoice(queryset=NewsletterList.objects.none(), required=False, label="Newsletters")
    follow = forms.CharField(required=False, max_length=40, widget=forms.HiddenInput)
    website = forms.CharField(required=False, max_length=200)  # the honeypot: people never see it
    stamp = forms.CharField(required=False, max_length=200, widget=forms.HiddenInput)

    def __init__(self, *args, offered=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["lists"].queryset = offered if offered is not None else NewsletterList.objects.none()

    def clean_email(self) -> str:
        return self.cleaned_data["email"].strip().lower()


class ConfirmForm(forms.Form):
    lists = ListChoice(queryset=NewsletterList.objects.none(), required=False, label="Newsletters")
    follow = forms.MultipleChoiceField(required=False, widget=forms.CheckboxSelectMultiple, label="Following")

    def __init__(self, *args, offered, follows: list[tuple[str, str]], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["lists"].queryset = offered
        self.fields["follow"].choices = follows
        if not follows:
            del self.fields["follow"]

    def clean(self):
        data = super().clean()
        if not data.get("lists") and not data.get("follow"):
            raise forms.ValidationError("Tick at least one newsletter.")
        return data


class PreferencesForm(forms.Form):
    lists = ListChoice(queryset=NewsletterList.objects.none(), required=False, label="Your newsletters")

    def __init__(self, *args, choices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["lists"].queryset = choices


class PauseForm(forms.Form):
    pause = forms.ChoiceField(choices=PAUSES, required=False, widget=forms.RadioSelect, initial="7", label="Pause")


class EraseForm(forms.Form):
    sure = forms.BooleanField(label="Yes, erase my address and everything kept about it")
