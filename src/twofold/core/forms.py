from django.forms.renderers import TemplatesSetting


class FormRenderer(TemplatesSetting):
    """Every form renders its fields as .form-field blocks with help and errors announced."""

    form_template_name = "forms/div.html"
    field_template_name = "forms/field.html"
